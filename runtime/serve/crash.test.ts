// kill -9 during a burst: a real `serve` child process on 127.0.0.1 takes a burst of webhooks,
// dies by SIGKILL mid-burst, restarts on the same DB; every acknowledged message must be in the
// store, every dealer must get exactly one reply (and its capped follow-ups), and no outbox row
// may be sent twice.
// kill -9 between and during the turns of conversations: across the restarts no dealer may
// get the same text twice, and the stored events stay in time order (the scaled clock).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { packagePath } from '../../lib/package-root.js';
import { DEFAULT_SCHEDULE } from '../../core/schedule.js';
import { OUTBOX_STATES } from '../store/rows.js';
import { Store } from '../store/store.js';
import { writeTinyBundle } from '../test-fixtures/tiny-bundle.js';

// The real CLI, compiled: `npm test` builds dist/ before vitest (a tsx child spent ~3 s per
// start transpiling; dist/ starts in ~0.5 s). Run `npx tsc -p .` first when calling vitest alone.
const CLI = packagePath('dist', 'cli.js');
const BIN = packagePath('bin', 'dealerbot.js');
const TOKEN = 'kill-test-token-0123456789';
const PROMO = 'Goeie coke en wiet te koop, snelle levering in heel Antwerpen 💯 stuur een berichtje';
const children: ChildProcess[] = [];
let bundle = '';
let dir = '';

beforeAll(async () => {
  bundle = mkdtempSync(join(tmpdir(), 'dealerbot-crash-bundle-'));
  await writeTinyBundle(bundle);
});
afterAll(() => rmSync(bundle, { recursive: true, force: true }));

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function start(db: string, config: string): Promise<{ child: ChildProcess; port: number }> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npx tsc -p .\` (npm test does) before this test`);
  const child = spawn(process.execPath, [BIN, 'serve', '--model', bundle, '--db', db, '--config', config, '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d) => {
      err += d;
      const m = /serving on http:\/\/127\.0\.0\.1:(\d+)/.exec(err);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
}

const postMessage = (port: number, from: string, text: string, id: string) =>
  fetch(`http://127.0.0.1:${port}/webhooks/generic`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ from, text, id }),
  }).then((r) => r.status, () => 0);
const post = (port: number, i: number) => postMessage(port, `+324700${String(i).padStart(5, '0')}`, PROMO, `burst-${i}`);

/** Waits (up to 20 s) until nothing is scheduled, being sent or undecided. */
async function drained(db: string): Promise<void> {
  const check = Store.open(db, 'read');
  try {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const q = check.queueCounts();
      if ((q.scheduled ?? 0) + (q.sending ?? 0) === 0 && check.undecided().count === 0) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    check.close();
  }
}

describe('kill -9 during a burst', () => {
  it('loses no acknowledged message and sends no reply twice', async () => {
    dir = mkdtempSync(join(tmpdir(), 'dealerbot-crash-'));
    const db = join(dir, 'bot.db');
    const outbox = join(dir, 'outbox.jsonl');
    const config = join(dir, 'bot.json');
    // the tiny bundle's policy through the real brain; at 60,000x a reply is due within
    // milliseconds and a go_silent (1-16 h) within a second
    writeFileSync(config, JSON.stringify({ mode: 'auto', outbound: { kind: 'dry-run', file: outbox }, generic: { token: TOKEN }, timeScale: 60_000, rateLimitPerMinute: 100_000 }));
    const N = 120;
    const first = await start(db, config);
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
    const second = await start(db, config);
    for (let i = 0; i < N; i += 20) await Promise.all(Array.from({ length: 20 }, (_, k) => post(second.port, i + k)));
    const check = Store.open(db, 'read');
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const q = check.queueCounts();
      if ((q.scheduled ?? 0) + (q.sending ?? 0) === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    second.child.kill('SIGTERM');
    await new Promise((r) => second.child.once('exit', r));

    for (const i of acked) expect(check.seenInbound('generic', `burst-${i}`), `acknowledged burst-${i} lost`).toBeDefined();
    const inbound = check.conversations().flatMap((c) => check.events(c.id)).filter((e) => e.direction === 'in');
    expect(inbound).toHaveLength(N);
    // each dealer wrote once and never answered: the reply, then follow-ups until maxUnanswered of
    // ours in a row went unanswered (core/schedule.ts; a go_silent first only delays them), every
    // one sent; the timers (go_silent, follow-ups) were all decided on
    const M = DEFAULT_SCHEDULE.maxUnanswered;
    const rows = OUTBOX_STATES.flatMap((s) => check.outboxInState(s, 10 * N));
    expect(rows.filter((r) => r.kind === 'sms').map((r) => r.state)).toEqual(Array(N * M).fill('sent'));
    for (const r of rows.filter((r) => r.kind !== 'sms')) expect(r.state).toBe('done');
    check.close();

    expect(existsSync(outbox)).toBe(true);
    const lines = readFileSync(outbox, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: number; to: string });
    expect(new Set(lines.map((l) => l.id)).size).toBe(lines.length); // no outbox row twice
    const perDealer = new Map<string, number>();
    for (const l of lines) perDealer.set(l.to, (perDealer.get(l.to) ?? 0) + 1);
    expect(perDealer.size).toBe(N);
    expect([...perDealer.values()].every((n) => n === M), 'a dealer got more or fewer than the reply and its follow-ups').toBe(true);
  });

  it('never sends the same text twice to a dealer across kill -9 restarts, and keeps events in time order', async () => {
    dir = mkdtempSync(join(tmpdir(), 'dealerbot-crash-'));
    const db = join(dir, 'bot.db');
    const outbox = join(dir, 'outbox.jsonl');
    const config = join(dir, 'bot.json');
    writeFileSync(config, JSON.stringify({ mode: 'auto', outbound: { kind: 'dry-run', file: outbox }, generic: { token: TOKEN }, timeScale: 60_000, rateLimitPerMinute: 100_000 }));
    const dealers = Array.from({ length: 16 }, (_, i) => `+3247011${String(i).padStart(4, '0')}`);
    const ROUNDS = 6;
    for (let round = 0; round < ROUNDS; round++) {
      const s = await start(db, config);
      // three turns per run, the last one after a while: at 60,000× the run's clock is then
      // more than a day ahead of the wall, and a restart that began at wall time went back
      for (let turn = 0; turn < 3; turn++) {
        if (turn === 2) await new Promise((r) => setTimeout(r, 1500));
        const text = round === 0 && turn === 0 ? PROMO : `ja en? zeg eens iets ${round}.${turn}`;
        const codes = await Promise.all(dealers.map((d, k) => postMessage(s.port, d, text, `turn-${round}-${turn}-${k}`)));
        expect(codes.every((c) => c === 200)).toBe(true);
        // the replies go out before the next turn; in odd rounds the kill hits mid-decision
        if (turn < 2 || round % 2 === 0) await drained(db);
      }
      if (round % 2 === 1) await new Promise((r) => setTimeout(r, 30));
      s.child.kill('SIGKILL');
      await new Promise((r) => s.child.once('exit', r));
    }
    const last = await start(db, config); // recovers the last kill, sends what is left
    await drained(db);
    last.child.kill('SIGTERM');
    await new Promise((r) => last.child.once('exit', r));

    const lines = readFileSync(outbox, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: number; to: string; text: string });
    expect(new Set(lines.map((l) => l.id)).size).toBe(lines.length); // no outbox row twice
    expect(lines.length).toBeGreaterThanOrEqual(dealers.length * ROUNDS * 2);
    let repeats = 0;
    for (const d of dealers) {
      const texts = lines.filter((l) => l.to === d).map((l) => l.text);
      repeats += texts.length - new Set(texts).size;
    }
    expect(repeats, 'same text to the same number').toBe(0);

    const check = Store.open(db, 'read');
    for (const c of check.conversations()) {
      const byId = [...check.events(c.id)].sort((a, b) => a.id - b.id).map((e) => e.ts_ms);
      for (let i = 1; i < byId.length; i++) expect(byId[i]!, `conversation ${c.id}: event ${i} earlier than the one before`).toBeGreaterThanOrEqual(byId[i - 1]!);
    }
    expect(check.conversations()).toHaveLength(dealers.length);
    check.close();
    // its time is real waiting, not CPU: 15 drains of a reply and its follow-up chain (2-6 h
    // apart, ~0.1-0.4 s each at 60,000x) take 1-2 s each, plus seven starts; ~55 s on a quiet
    // machine, over a minute on a loaded one
  }, 180_000);
});
