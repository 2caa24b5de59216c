// Runtime benchmarks (BENCHMARKS.md "Runtime"). Run from dist/, never through tsx (tsx would time
// its own transpiling):
//   npx tsc -p . && node dist/scripts/bench/runtime.js --model DIR [--only startup,decision,webhook,memory,against]
//     [--runs 3] [--requests 5000] [--concurrency 32] [--conversations 100000] [--dealers 1000] [--time-scale 6000]
// Each server is the real CLI (`bin/dealerbot.js serve`) on 127.0.0.1 with the given bundle.
// Every figure carries the 1-minute load average at the time and CPU seconds next to wall time:
// the build machine is shared, and wall time there mostly measures the other processes.
// Entry points for a future `dealerbot bench`: runRuntimeBench() and the run…Bench() below.
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, quantile } from '../../lib/ci.js';
import { packagePath } from '../../lib/package-root.js';
import { Rng } from '../../lib/random.js';
import { ManualClock } from '../../runtime/engine/clock.js';
import { parseConfig } from '../../runtime/config.js';
import type { Brain } from '../../runtime/engine/brain.js';
import { Checkpointer } from '../../runtime/store/checkpointer.js';
import { Engine } from '../../runtime/engine/engine.js';
import { loadBrain } from '../../runtime/engine/load-brain.js';
import { safetyLists } from '../../runtime/engine/safety.js';
import { Store } from '../../runtime/store/store.js';
import { FakeGateway } from '../loadtest/fake-gateway.js';
import { runAgainstServe } from '../loadtest/loadtest.js';
import { defaultPersonaMix } from '../../trainer/sim/persona.js';

const TOKEN = 'runtime-bench-token-0123456789';
const BIN = packagePath('bin', 'dealerbot.js');
const CLOCK_TICK_S = 0.01; // /proc/<pid>/stat utime/stime unit (USER_HZ = 100 on Linux)

/** Dealer messages of a plausible conversation (promo first), cycled per dealer. */
const MESSAGES = [
  'Goeie coke en wiet te koop, snelle levering in heel Antwerpen 💯 stuur een berichtje',
  'wat wil je hebben?',
  '50 euro de gram, 5 voor 220',
  'waar ben je nu',
  'ok morgen om 8u aan het station',
  'wie ben jij eigenlijk, wie gaf u dit nummer',
  'bel me maar',
];

const load1 = () => Math.round(loadavg()[0]! * 100) / 100;
const r2 = (x: number) => Math.round(x * 100) / 100;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

export interface ServeChild {
  child: ChildProcess;
  url: string;
  /** spawn → /health answering 200 */
  startupMs: number;
}

export interface BenchConfig {
  model: string;
  dir: string;
}

/** Starts `dealerbot serve` (the real CLI from dist/) and waits for /health. */
export async function startServe(b: BenchConfig, name: string, config: Record<string, unknown>): Promise<ServeChild> {
  const cfgFile = join(b.dir, `${name}.json`);
  writeFileSync(cfgFile, JSON.stringify({ generic: { token: TOKEN }, rateLimitPerMinute: 1_000_000, ...config }));
  const t0 = performance.now();
  const nodeArgs = process.env.BENCH_SERVE_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, BIN, 'serve', '--model', b.model, '--db', join(b.dir, `${name}.db`), '--config', cfgFile, '--port', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let err = '';
    const onExit = (c: number | null) => reject(new Error(`serve exited ${c}: ${err}`));
    child.once('exit', onExit);
    child.stderr!.on('data', async (d) => {
      const before = err;
      err += d;
      const m = /serving on (http:\/\/\S+)/.exec(err);
      if (!m || /serving on /.test(before)) return;
      for (;;) {
        const ok = await fetch(`${m[1]}/health`).then((r) => r.ok, () => false);
        if (ok) break;
        await new Promise((r) => setTimeout(r, 2));
      }
      child.off('exit', onExit);
      resolve({ child, url: m[1]!, startupMs: performance.now() - t0 });
    });
  });
}

export async function stopServe(s: ServeChild): Promise<void> {
  if (s.child.exitCode !== null) return;
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGTERM');
  await exited;
}

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * CLOCK_TICK_S; // fields 14 and 15 of proc(5)
}

export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

const post = (url: string, body: object) =>
  fetch(`${url}/webhooks/generic`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(body),
  }).then(async (r) => (await r.arrayBuffer(), r.status), () => 0);

/** A lean keep-alive client for the load test (fetch costs the load generator ~3x the CPU). */
export function webhookPoster(url: string, sockets: number): (body: object) => Promise<number> {
  const u = new URL(`${url}/webhooks/generic`);
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  return (body) =>
    new Promise((resolve) => {
      const data = JSON.stringify(body);
      const req = request(
        { agent, host: u.hostname, port: u.port, path: u.pathname, method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, 'content-length': Buffer.byteLength(data) } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', () => resolve(0));
      req.end(data);
    });
}

// --- start-up ---------------------------------------------------------------------------------

export async function runStartupBench(b: BenchConfig, runs = 5) {
  const out: { ms: number; load: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const load = load1();
    const s = await startServe(b, `startup${i}`, { mode: 'auto', outbound: { kind: 'dry-run', file: join(b.dir, `startup${i}.jsonl`) } });
    const cpu = cpuSeconds(s.child.pid!);
    out.push({ ms: s.startupMs, load });
    await stopServe(s);
    (out[i] as { cpu_s?: number }).cpu_s = cpu;
  }
  return {
    median_ms: Math.round(median(out.map((x) => x.ms))),
    runs: out.map((x) => ({ ms: Math.round(x.ms), cpu_s: r2((x as { cpu_s?: number }).cpu_s ?? NaN), load: x.load })),
  };
}

// --- decision latency, in-process ------------------------------------------------------------

/** Engine.receive (store the message, classify, safety, decide, render, schedule) with the real brain. */
export async function runDecisionBench(b: BenchConfig, conversations = 400, run = 0) {
  const real = await loadBrain(b.model);
  // the brain's own share (classify + features + policy + render), timed inside the engine's call
  let inBrain = 0;
  const timed = <A extends unknown[], R>(f: (...a: A) => R) => (...a: A): R => {
    const t = performance.now();
    try {
      return f(...a);
    } finally {
      inBrain += performance.now() - t;
    }
  };
  const brain: Brain = {
    policyId: real.policyId,
    classify: timed(real.classify.bind(real)),
    decide: timed(real.decide.bind(real)),
    render: timed(real.render.bind(real)),
    delayMs: real.delayMs.bind(real),
  };
  const file = join(b.dir, `decision${run}.db`);
  const store = Store.open(file, 'create');
  // as serve runs it: checkpoints (and their fsyncs) in a worker, not inside a decision's commit
  const checkpointer = new Checkpointer(file);
  store.disableAutoCheckpoint();
  const clock = new ManualClock();
  const config = parseConfig({ mode: 'auto', promoThreshold: 0.5 });
  const engine = new Engine({ store, brain, clock, rng: new Rng(1), config, lists: safetyLists(config) });
  const wall: number[] = [];
  const cpu: number[] = [];
  const brainMs: number[] = [];
  const load = load1();
  for (let c = 0; c < conversations; c++) {
    const from = `+3247${String(c).padStart(7, '0')}`;
    for (let i = 0; i < MESSAGES.length; i++) {
      clock.advance(60_000);
      inBrain = 0;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      engine.receive({ transport: 'bench', from, text: MESSAGES[i]!, id: `${c}-${i}` });
      const t1 = performance.now();
      const dc = process.cpuUsage(c0);
      if (c >= conversations / 10) {
        // the first tenth warms up the JIT and the page cache
        wall.push(t1 - t0);
        cpu.push((dc.user + dc.system) / 1000);
        brainMs.push(inBrain);
      }
    }
  }
  const decisions = store.rowCount('decisions');
  await checkpointer.stop();
  store.close();
  return {
    messages: wall.length,
    decisions,
    wall_ms: { p50: r3(quantile(wall, 0.5)), p99: r3(quantile(wall, 0.99)) },
    cpu_ms: { p50: r3(quantile(cpu, 0.5)), p99: r3(quantile(cpu, 0.99)) },
    brain_wall_ms: { p50: r3(quantile(brainMs, 0.5)), p99: r3(quantile(brainMs, 0.99)) },
    load,
  };
}

// --- webhook throughput ----------------------------------------------------------------------

export async function runWebhookBench(b: BenchConfig, o: { requests?: number; concurrency?: number; run?: number } = {}) {
  const requests = o.requests ?? 5000;
  const concurrency = o.concurrency ?? 32;
  const name = `webhook${o.run ?? 0}`;
  const s = await startServe(b, name, { mode: 'auto', outbound: { kind: 'dry-run', file: join(b.dir, `${name}.jsonl`) }, promoThreshold: 0.5 });
  try {
    const send = webhookPoster(s.url, concurrency);
    // warm-up: JIT, page cache, connection pool
    await Promise.all(Array.from({ length: 200 }, (_, i) => send({ from: `+3246${String(i).padStart(7, '0')}`, text: MESSAGES[0], id: `w${i}` })));
    const lat: number[] = [];
    let failed = 0;
    let next = 0;
    const load = load1();
    const cpu0 = cpuSeconds(s.child.pid!);
    const own0 = process.cpuUsage();
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < requests) {
          const i = next++;
          // each dealer writes its conversation's messages in turn: promo first, then the rest
          const dealer = i % Math.ceil(requests / MESSAGES.length);
          const turn = Math.floor(i / Math.ceil(requests / MESSAGES.length));
          const a = performance.now();
          const st = await send({ from: `+3247${String(dealer).padStart(7, '0')}`, text: MESSAGES[turn % MESSAGES.length], id: `b${i}` });
          lat.push(performance.now() - a);
          if (st !== 200) failed++;
        }
      }),
    );
    const answered = (performance.now() - t0) / 1000;
    // decisions run after the answer: the figure counts until the last one is made
    for (;;) {
      const h = (await fetch(`${s.url}/health`).then((r) => r.json())) as { backlog?: number };
      if (!h.backlog) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    const seconds = (performance.now() - t0) / 1000;
    const serverCpu = cpuSeconds(s.child.pid!) - cpu0;
    const own = process.cpuUsage(own0);
    return {
      requests,
      concurrency,
      failed,
      req_per_s: Math.round(requests / seconds),
      answered_per_s: Math.round(requests / answered),
      p50_ms: r2(quantile(lat, 0.5)),
      p99_ms: r2(quantile(lat, 0.99)),
      server_cpu_s: r2(serverCpu),
      server_cpu_ms_per_request: r3((serverCpu * 1000) / requests),
      client_cpu_s: r2((own.user + own.system) / 1e6),
      load,
    };
  } finally {
    await stopServe(s);
  }
}

// --- memory with many stored conversations --------------------------------------------------

export async function runMemoryBench(b: BenchConfig, conversations = 100_000) {
  const dbFile = join(b.dir, 'memory.db');
  const store = Store.open(dbFile, 'create');
  const base = Date.UTC(2026, 0, 1);
  store.tx(() => {
    for (let i = 0; i < conversations; i++) {
      const num = `+3248${String(i).padStart(7, '0')}`;
      const c = store.conversationFor(num, base + i, 7 * 86_400_000);
      store.setNumberState(num, 'engaged', 'bench', base + i);
      store.addEvent({ conversation: c.id, ts_ms: base + i, direction: 'in', kind: 'sms', text: MESSAGES[0]!, processed: true, act: 'promo' });
      store.addEvent({ conversation: c.id, ts_ms: base + i + 60_000, direction: 'out', kind: 'sms', text: 'ok, waar?', processed: true, tactic: 'ask_location', propensity: 0.25, policy: 'bench' });
    }
  });
  store.close();
  const s = await startServe(b, 'memory', { mode: 'auto', outbound: { kind: 'dry-run', file: join(b.dir, 'memory.jsonl') }, promoThreshold: 0.5 });
  try {
    // messages into 1,000 of the stored conversations (their history is read for each decision)
    for (let i = 0; i < 1000; i += 50)
      await Promise.all(
        Array.from({ length: 50 }, (_, k) => post(s.url, { from: `+3248${String((i + k) * 97).padStart(7, '0')}`, text: MESSAGES[2], id: `m${i + k}` })),
      );
    return { conversations, messages: 1000, rss_mb: Math.round(rssMb(s.child.pid!)), load: load1() };
  } finally {
    await stopServe(s);
  }
}

// --- loadtest --against with many concurrent dealers ---------------------------------------

export async function runAgainstBench(b: BenchConfig, o: { dealers?: number; timeScale?: number; maxDecisions?: number } = {}) {
  const dealers = o.dealers ?? 1000;
  const timeScale = o.timeScale ?? 6000;
  const gateway = new FakeGateway();
  const gatewayUrl = await gateway.listen(0);
  const s = await startServe(b, 'against', {
    mode: 'auto',
    outbound: { kind: 'android-gateway' },
    androidGateway: { url: gatewayUrl, username: 'bench', password: 'bench-password' },
    timeScale,
    promoThreshold: 0.5,
  });
  try {
    const load = load1();
    const cpu0 = cpuSeconds(s.child.pid!);
    const r = await runAgainstServe({
      url: s.url,
      inbound: { kind: 'generic', token: TOKEN },
      gateway,
      episodes: dealers,
      concurrency: dealers,
      mix: defaultPersonaMix(),
      seed: 1,
      // the dealers' promos spread over the first 5 s (8 simulated hours at 6,000x)
      rampMs: 5000,
      config: o.maxDecisions ? { maxDecisions: o.maxDecisions } : undefined,
    });
    return {
      dealers,
      time_scale: timeScale,
      dealer_minutes: r.dealer_minutes,
      unanswered_rate: r.unanswered_rate,
      burn_rate: r.burn_rate,
      wall_seconds: r.wall_seconds,
      simulator_cpu_s: r.cpu_seconds,
      server_cpu_s: r2(cpuSeconds(s.child.pid!) - cpu0),
      server_rss_mb: Math.round(rssMb(s.child.pid!)),
      transport: r.transport,
      reading: r.reading,
      load_start: load,
      load_end: load1(),
    };
  } finally {
    await stopServe(s);
    await gateway.close();
  }
}

// --- all ------------------------------------------------------------------------------------

export interface RuntimeBenchOptions {
  model: string;
  only?: string[];
  runs?: number;
  requests?: number;
  concurrency?: number;
  conversations?: number;
  dealers?: number;
  timeScale?: number;
}

export async function runRuntimeBench(o: RuntimeBenchOptions) {
  const dir = mkdtempSync(join(tmpdir(), 'dealerbot-bench-'));
  const b = { model: o.model, dir };
  const want = (k: string) => !o.only || o.only.includes(k);
  const runs = o.runs ?? 3;
  const out: Record<string, unknown> = { node: process.version, model: o.model };
  try {
    if (want('startup')) out.startup = await runStartupBench(b, Math.max(runs, 5));
    if (want('decision')) {
      const rs = [];
      for (let i = 0; i < runs; i++) rs.push(await runDecisionBench(b, 400, i));
      out.decision = {
        runs: rs,
        median_wall_p99_ms: median(rs.map((r) => r.wall_ms.p99)),
        median_cpu_p99_ms: median(rs.map((r) => r.cpu_ms.p99)),
        median_brain_p99_ms: median(rs.map((r) => r.brain_wall_ms.p99)),
      };
    }
    if (want('webhook')) {
      const rs = [];
      for (let i = 0; i < runs; i++) rs.push(await runWebhookBench(b, { requests: o.requests, concurrency: o.concurrency, run: i }));
      out.webhook = { runs: rs, median_req_per_s: median(rs.map((r) => r.req_per_s)), median_p99_ms: median(rs.map((r) => r.p99_ms)) };
    }
    if (want('memory')) out.memory = await runMemoryBench(b, o.conversations);
    if (want('against')) out.against = await runAgainstBench(b, { dealers: o.dealers, timeScale: o.timeScale });
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (k: string) => {
    const i = process.argv.indexOf(k);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const num = (k: string) => (arg(k) === undefined ? undefined : Number(arg(k)));
  const model = arg('--model') ?? packagePath('models', 'default');
  const r = await runRuntimeBench({
    model,
    only: arg('--only')?.split(','),
    runs: num('--runs'),
    requests: num('--requests'),
    concurrency: num('--concurrency'),
    conversations: num('--conversations'),
    dealers: num('--dealers'),
    timeScale: num('--time-scale'),
  });
  process.stdout.write(JSON.stringify(r, null, 2) + '\n');
}
