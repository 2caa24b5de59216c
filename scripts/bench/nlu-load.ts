// NLU start-up benchmark: what a fresh process pays before its first classification, with the
// shipped model file (loadClassifier(), today) against training on the data set at load (the
// previous behaviour, createClassifier(loadDataset())), side by side and alternating.
// Run: npx tsx scripts/bench/nlu-load.ts [--runs 9] [--json]
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { quantile } from '../../lib/ci.js';

export type LoadMode = 'model' | 'train';

export interface LoadSample {
  /** importing the classifier module (natural's tokenizers/stemmers, safety rules) */
  import_ms: number;
  /** building the classifier: reading model.json, or training on the data set */
  load_ms: number;
  /** the first classify() call (cold caches) */
  first_classify_ms: number;
  total_ms: number;
}

export interface NluLoadBenchResult {
  runs: number;
  model: Record<keyof LoadSample, { median: number; min: number; max: number }>;
  train: Record<keyof LoadSample, { median: number; min: number; max: number }>;
  /** median total with training ÷ median total with the model file */
  speedup_total: number;
  loadavg_1m: number;
  node: string;
}

/** One measurement in this (fresh) process. */
async function measure(mode: LoadMode): Promise<LoadSample> {
  const t0 = performance.now();
  const c = await import('../../nlu/classifier.js');
  const d = await import('../../nlu/dataset.js');
  const t1 = performance.now();
  const classifier = mode === 'model' ? c.loadClassifier() : c.createClassifier(d.loadDataset());
  const t2 = performance.now();
  classifier.classify('yo wa kost 1 gram, ik sta aan het station');
  const t3 = performance.now();
  return { import_ms: t1 - t0, load_ms: t2 - t1, first_classify_ms: t3 - t2, total_ms: t3 - t0 };
}

function summarize(samples: LoadSample[]): NluLoadBenchResult['model'] {
  const keys = ['import_ms', 'load_ms', 'first_classify_ms', 'total_ms'] as const;
  const out = {} as NluLoadBenchResult['model'];
  for (const k of keys) {
    const xs = samples.map((s) => s[k]);
    const r = (x: number) => Math.round(x * 10) / 10;
    out[k] = { median: r(quantile(xs, 0.5)), min: r(Math.min(...xs)), max: r(Math.max(...xs)) };
  }
  return out;
}

export function runNluLoadBench(opts: { runs?: number } = {}): NluLoadBenchResult {
  const runs = opts.runs ?? 9;
  const script = fileURLToPath(import.meta.url);
  const samples: Record<LoadMode, LoadSample[]> = { model: [], train: [] };
  for (let r = 0; r < runs; r++) {
    for (const mode of ['model', 'train'] as const) {
      // a fresh process each time: module and token caches must be cold, as at start-up
      const p = spawnSync(process.execPath, [...process.execArgv, script, '--child', mode], { encoding: 'utf8' });
      if (p.status !== 0) throw new Error(`nlu-load child (${mode}) failed: ${p.stderr}`);
      samples[mode].push(JSON.parse(p.stdout) as LoadSample);
    }
  }
  const model = summarize(samples.model);
  const train = summarize(samples.train);
  return {
    runs,
    model,
    train,
    speedup_total: Math.round((train.total_ms.median / model.total_ms.median) * 10) / 10,
    loadavg_1m: Math.round(loadavg()[0]! * 100) / 100,
    node: process.version,
  };
}

async function main(argv: string[]): Promise<void> {
  const child = argv.indexOf('--child');
  if (child >= 0) {
    process.stdout.write(JSON.stringify(await measure(argv[child + 1] as LoadMode)) + '\n');
    return;
  }
  const i = argv.indexOf('--runs');
  const r = runNluLoadBench({ runs: i >= 0 ? Number(argv[i + 1]) : undefined });
  process.stdout.write(JSON.stringify(r, null, argv.includes('--json') ? undefined : 2) + '\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main(process.argv.slice(2));
