// Runtime benchmarks (BENCHMARKS.md "Runtime"): start-up of a serve process to a healthy
// /health, webhook throughput with durable writes on loopback, and RSS with 100,000 stored
// conversations. Run: npx tsx scripts/bench/runtime.ts [--requests 5000] [--concurrency 32]
// The server is runtime/test-fixtures/serve-child.ts (the real engine, store and HTTP stack
// with the test brain: decision latency of the real model is measured once it is wired).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { quantile } from '../../data/ci.js';
import { Store } from '../../runtime/store.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CHILD = join(ROOT, 'runtime', 'test-fixtures', 'serve-child.ts');
const TOKEN = 'kill-test-token-0123456789';

function startChild(db: string, outbox: string, timeScale = 1): Promise<{ child: ChildProcess; port: number; ms: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, db, outbox, String(timeScale)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((res, rej) => {
    let out = '';
    child.stdout!.on('data', async (d) => {
      out += d;
      const m = /READY (\d+)/.exec(out);
      if (!m) return;
      const port = Number(m[1]);
      for (;;) {
        const ok = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false);
        if (ok) return res({ child, port, ms: performance.now() - t0 });
      }
    });
    child.once('exit', (c) => rej(new Error(`serve child exited ${c}`)));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

export async function runRuntimeBench(o: { requests?: number; concurrency?: number; startups?: number; conversations?: number } = {}) {
  const requests = o.requests ?? 5000;
  const concurrency = o.concurrency ?? 32;
  const dir = mkdtempSync(join(tmpdir(), 'dealerbot-bench-'));
  try {
    // 1. start-up to healthy
    const startups: number[] = [];
    for (let i = 0; i < (o.startups ?? 5); i++) {
      const s = await startChild(join(dir, `s${i}.db`), join(dir, 'out.jsonl'));
      startups.push(s.ms);
      await stopChild(s.child);
    }

    // 2. webhook throughput: distinct dealers, each a promo → stored, classified, decided, queued
    const s = await startChild(join(dir, 'tp.db'), join(dir, 'tp.jsonl'));
    const lat: number[] = [];
    let next = 0;
    let failed = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < requests) {
          const i = next++;
          const a = performance.now();
          const r = await fetch(`http://127.0.0.1:${s.port}/webhooks/generic`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
            body: JSON.stringify({ from: `+3247${String(i).padStart(7, '0')}`, text: 'coke te koop', id: `b${i}` }),
          });
          await r.arrayBuffer();
          if (r.status !== 200) failed++;
          lat.push(performance.now() - a);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    await stopChild(s.child);

    // 3. memory with 100,000 stored conversations (each: one promo in, one decision, one reply queued)
    const n = o.conversations ?? 100_000;
    const memDb = join(dir, 'mem.db');
    const store = new Store(memDb);
    const base = Date.UTC(2026, 0, 1);
    store.tx(() => {
      for (let i = 0; i < n; i++) {
        const num = `+3248${String(i).padStart(7, '0')}`;
        const c = store.conversationFor(num, base + i, 7 * 86_400_000);
        store.setNumberState(num, 'engaged', 'bench', base + i);
        store.addEvent({ conversation: c.id, ts_ms: base + i, direction: 'in', kind: 'sms', text: 'coke te koop 50 euro', processed: 1, act: 'promo' });
        store.addEvent({ conversation: c.id, ts_ms: base + i + 60_000, direction: 'out', kind: 'sms', text: 'ok, waar?', processed: 1, tactic: 'ask_location', propensity: 0.25, policy: 'bench' });
      }
    });
    store.close();
    const m = await startChild(memDb, join(dir, 'mem.jsonl'));
    for (let i = 0; i < 200; i++)
      await fetch(`http://127.0.0.1:${m.port}/webhooks/generic`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({ from: `+3248${String(i * 499).padStart(7, '0')}`, text: '50 euro', id: `m${i}` }),
      }).then((r) => r.arrayBuffer());
    const rss = rssMb(m.child.pid!);
    await stopChild(m.child);

    const sorted = [...lat].sort((a, b) => a - b);
    return {
      startup_ms: { median: quantile([...startups].sort((a, b) => a - b), 0.5), runs: startups.map((x) => Math.round(x)) },
      webhook: {
        requests,
        concurrency,
        failed,
        req_per_s: Math.round(requests / seconds),
        p50_ms: +quantile(sorted, 0.5).toFixed(2),
        p99_ms: +quantile(sorted, 0.99).toFixed(2),
      },
      memory: { conversations: n, rss_mb: Math.round(rss) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (k: string) => {
    const i = process.argv.indexOf(k);
    return i > 0 ? Number(process.argv[i + 1]) : undefined;
  };
  const r = await runRuntimeBench({ requests: arg('--requests'), concurrency: arg('--concurrency') });
  process.stdout.write(JSON.stringify(r, null, 2) + '\n');
}
