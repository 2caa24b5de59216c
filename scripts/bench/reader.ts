// Reader benchmark: µs per message of readMessage() over the dev texts (short ones, and the
// 2,000-character one on its own), median of several runs, wall time and CPU time of this
// process. Not a test. Run: npx tsx scripts/bench/reader.ts [--runs 7] [--json]
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { devFile, readLabelled } from '../../dialogue/dataset.js';
import { readMessage } from '../../dialogue/reader/read.js';
import { quantile } from '../../lib/ci.js';

export interface ReaderBenchResult {
  loadavg_1m_start: number;
  loadavg_1m_end: number;
  runs: number;
  node: string;
  /** every dev text under 300 characters */
  short: { messages: number; mean_chars: number; us_per_msg: Stats; cpu_us_per_msg: Stats; p99_us: number };
  /** the longest dev text (about 2,000 characters) */
  long: { chars: number; us_per_msg: Stats; cpu_us_per_msg: Stats };
}
interface Stats {
  median: number;
  min: number;
  max: number;
}

const stats = (xs: number[]): Stats => ({ median: round(quantile(xs, 0.5)), min: round(Math.min(...xs)), max: round(Math.max(...xs)) });
const round = (x: number) => Math.round(x * 100) / 100;

function time(texts: readonly string[], reps: number): { wall: number; cpu: number } {
  let sink = 0;
  const c = process.cpuUsage();
  const t = performance.now();
  for (let r = 0; r < reps; r++) for (const s of texts) sink += readMessage(s).prices.length;
  const wall = performance.now() - t;
  const du = process.cpuUsage(c);
  if (sink < 0) throw new Error('unreachable');
  const n = reps * texts.length;
  return { wall: (wall * 1000) / n, cpu: (du.user + du.system) / n };
}

export function runReaderBench(opts: { runs?: number } = {}): ReaderBenchResult {
  const loadStart = loadavg()[0]!;
  const runs = opts.runs ?? 7;
  const texts = readLabelled(devFile()).map((m) => m.text);
  const short = texts.filter((t) => t.length < 300);
  const long = texts.reduce((a, b) => (b.length > a.length ? b : a));
  for (let i = 0; i < 5000; i++) readMessage(short[i % short.length]!); // JIT warm-up
  for (let i = 0; i < 200; i++) readMessage(long);
  const sw: number[] = [];
  const sc: number[] = [];
  const lw: number[] = [];
  const lc: number[] = [];
  for (let r = 0; r < runs; r++) {
    const s = time(short, 40);
    sw.push(s.wall);
    sc.push(s.cpu);
    const l = time([long], 300);
    lw.push(l.wall);
    lc.push(l.cpu);
  }
  // per-message latency distribution of the short texts (one call timed at a time)
  const single: number[] = [];
  for (let r = 0; r < 20; r++) {
    for (const s of short) {
      const t = performance.now();
      readMessage(s);
      single.push((performance.now() - t) * 1000);
    }
  }
  return {
    loadavg_1m_start: round(loadStart),
    loadavg_1m_end: round(loadavg()[0]!),
    runs,
    node: process.version,
    short: { messages: short.length, mean_chars: Math.round(short.reduce((a, t) => a + t.length, 0) / short.length), us_per_msg: stats(sw), cpu_us_per_msg: stats(sc), p99_us: round(quantile(single, 0.99)) },
    long: { chars: long.length, us_per_msg: stats(lw), cpu_us_per_msg: stats(lc) },
  };
}

function main(argv: string[]): void {
  process.stdout.write(`load average (1 min) at start: ${loadavg()[0]!.toFixed(2)}\n`);
  const i = argv.indexOf('--runs');
  const r = runReaderBench({ runs: i >= 0 ? Number(argv[i + 1]) : undefined });
  process.stdout.write((argv.includes('--json') ? JSON.stringify(r) : JSON.stringify(r, null, 2)) + '\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main(process.argv.slice(2));
