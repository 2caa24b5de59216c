// kill -9 during a burst: a real `serve` child process on 127.0.0.1 takes a burst of webhooks,
// dies by SIGKILL mid-burst, restarts on the same DB; every acknowledged message must be in the
// store, every dealer must get exactly one reply, and no outbox row may be sent twice.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';

const TOKEN = 'kill-test-token-0123456789';
const CHILD = join(import.meta.dirname, 'test-fixtures', 'serve-child.ts');
const children: ChildProcess[] = [];
let dir = '';

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function start(db: string, outbox: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, db, outbox, '6000'], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /READY (\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.once('exit', (code) => reject(new Error(`child exited ${code}: ${err}`)));
  });
}

const post = (port: number, i: number) =>
  fetch(`http://127.0.0.1:${port}/webhooks/generic`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ from: `+324700${String(i).padStart(5, '0')}`, text: 'coke te koop', id: `burst-${i}` }),
  }).then((r) => r.status, () => 0);

describe('kill -9 during a burst', () => {
  it('loses no acknowledged message and sends no reply twice', async () => {
    dir = mkdtempSync(join(tmpdir(), 'dealerbot-crash-'));
    const db = join(dir, 'bot.db');
    const outbox = join(dir, 'outbox.jsonl');
    const N = 120;
    const first = await start(db, outbox);
    const acked = new Set<number>();
    let killed = false;
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < N; i++) {
      inFlight.push(
        post(first.port, i).then((s) => {
          if (s === 200) acked.add(i);
        }),
      );
      if (i === N / 2) {
        await new Promise((r) => setTimeout(r, 30)); // let replies fall due and start sending
        first.child.kill('SIGKILL');
        killed = true;
      }
      if (i % 20 === 0) await Promise.all(inFlight.splice(0));
    }
    await Promise.all(inFlight);
    expect(killed).toBe(true);
    expect(acked.size).toBeGreaterThan(0);
    expect(acked.size).toBeLessThan(N);

    // restart; the gateway retries everything it got no 200 for (and some it did: dedupe)
    const second = await start(db, outbox);
    for (let i = 0; i < N; i += 20) await Promise.all(Array.from({ length: 20 }, (_, k) => post(second.port, i + k)));
    const check = new Database(db, { readonly: true });
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const pending = check.prepare(`SELECT count(*) AS n FROM outbox WHERE state IN ('scheduled','sending')`).get() as { n: number };
      if (pending.n === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    second.child.kill('SIGTERM');
    await new Promise((r) => second.child.once('exit', r));

    const ids = new Set((check.prepare(`SELECT msg_id FROM inbound_ids`).all() as { msg_id: string }[]).map((r) => r.msg_id));
    for (const i of acked) expect(ids.has(`burst-${i}`), `acknowledged burst-${i} lost`).toBe(true);
    expect(check.prepare(`SELECT count(*) AS n FROM events WHERE direction = 'in'`).get()).toEqual({ n: N });
    const states = check.prepare(`SELECT state, count(*) AS n FROM outbox GROUP BY state`).all();
    expect(states).toEqual([{ state: 'sent', n: N }]);
    check.close();

    expect(existsSync(outbox)).toBe(true);
    const lines = readFileSync(outbox, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: number; to: string });
    expect(new Set(lines.map((l) => l.id)).size).toBe(lines.length); // no outbox row twice
    expect(new Set(lines.map((l) => l.to)).size).toBe(N); // one reply per dealer
    expect(lines).toHaveLength(N);
  });
});
