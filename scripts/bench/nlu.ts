// NLU benchmark: messages classified per second (goal ≥ 20,000), training (load) time, and the
// held-out per-act table. Run: npx tsx scripts/bench/nlu.ts [--json] [--runs 7] [--messages 20000]
import { pathToFileURL } from 'node:url';
import { loadavg } from 'node:os';
import { classifierFromModel, createClassifier } from '../../nlu/classifier.js';
import { readModelFile } from '../../nlu/model-file.js';
import { loadDataset } from '../../nlu/dataset.js';
import { formatEvaluation } from '../../nlu/evaluate.js';
import { runNluEval, type NluEvalReport } from '../../nlu/run-eval.js';
import { checkSafety } from '../../nlu/safety/rules.js';
import { TextFeaturizer } from '../../nlu/text-features.js';
import { quantile } from '../../lib/ci.js';
import { Rng } from '../../lib/random.js';

export interface NluBenchResult {
  runs: number;
  messages_per_run: number;
  /** classify() on data-set messages (warm token cache: dealer vocabulary repeats) */
  classify_msgs_per_s: { median: number; min: number; max: number };
  /** classify() on messages with a seeded typo in every one (many unseen tokens) */
  classify_typos_msgs_per_s: { median: number; min: number; max: number };
  /** the same, per CPU-second of this process */
  classify_msgs_per_cpu_s: { median: number; min: number; max: number };
  classify_typos_msgs_per_cpu_s: { median: number; min: number; max: number };
  featurize_us_per_msg: number;
  safety_us_per_msg: number;
  /** training on the whole data set (= `npm run nlu:train`; loadClassifier() reads model.json instead: scripts/bench/nlu-load.ts) */
  load_ms: { median: number; runs: number };
  goal_msgs_per_s: number;
  loadavg_1m: number;
  node: string;
  eval: NluEvalReport;
}

function withTypo(text: string, rng: Rng): string {
  if (text.length < 3) return text + 'x';
  const i = 1 + rng.int(text.length - 2);
  return text.slice(0, i) + text[i + 1] + text[i] + text.slice(i + 2);
}

function stats(xs: number[]) {
  return { median: Math.round(quantile(xs, 0.5)), min: Math.round(Math.min(...xs)), max: Math.round(Math.max(...xs)) };
}

export function runNluBench(opts: { runs?: number; messages?: number; seed?: number } = {}): NluBenchResult {
  const runs = opts.runs ?? 7;
  const n = opts.messages ?? 20_000;
  const data = loadDataset();
  const texts = data.map((e) => e.text);
  const rng = new Rng(opts.seed ?? 1);
  const typoTexts = Array.from({ length: n }, (_, i) => withTypo(texts[i % texts.length]!, rng));

  const freshShipped = () => {
    const { model, featurizer, meta } = readModelFile();
    return classifierFromModel(model, featurizer, meta.examples);
  };
  const loadMs: number[] = [];
  let classifier = createClassifier(data);
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    classifier = createClassifier(data);
    loadMs.push(performance.now() - t);
  }

  // wall-clock rate, and the rate per CPU-second of this process (less skewed when the machine is
  // shared: other processes' load shows up in wall time, not in our CPU time)
  const cpuRates: Record<string, number[]> = { warm: [], typos: [] };
  const rate = (inputs: readonly string[], fresh: boolean): number[] => {
    const out: number[] = [];
    const cpu = cpuRates[fresh ? 'typos' : 'warm']!;
    for (let r = 0; r < runs; r++) {
      // with `fresh`, a new classifier per run, so earlier runs do not warm the token cache
      const c = fresh ? freshShipped() : classifier;
      let sink = 0;
      const t = performance.now();
      const u = process.cpuUsage();
      for (let i = 0; i < n; i++) sink += c.classify(inputs[i % inputs.length]!).confidence;
      const du = process.cpuUsage(u);
      const s = (performance.now() - t) / 1000;
      if (sink < 0) throw new Error('unreachable');
      out.push(n / s);
      cpu.push(n / ((du.user + du.system) / 1e6));
    }
    return out;
  };
  for (let i = 0; i < 2000; i++) classifier.classify(texts[i % texts.length]!); // JIT warm-up
  const warm = rate(texts, false);
  const typos = rate(typoTexts, true);

  const featurizer = new TextFeaturizer();
  for (const t of texts) featurizer.extract(t);
  let t0 = performance.now();
  for (let i = 0; i < n; i++) featurizer.extract(texts[i % texts.length]!);
  const featUs = ((performance.now() - t0) * 1000) / n;
  t0 = performance.now();
  for (let i = 0; i < n; i++) checkSafety(texts[i % texts.length]!);
  const safetyUs = ((performance.now() - t0) * 1000) / n;

  return {
    runs,
    messages_per_run: n,
    classify_msgs_per_s: stats(warm),
    classify_typos_msgs_per_s: stats(typos),
    classify_msgs_per_cpu_s: stats(cpuRates.warm!),
    classify_typos_msgs_per_cpu_s: stats(cpuRates.typos!),
    featurize_us_per_msg: Math.round(featUs * 100) / 100,
    safety_us_per_msg: Math.round(safetyUs * 100) / 100,
    load_ms: { median: Math.round(quantile(loadMs, 0.5)), runs: loadMs.length },
    goal_msgs_per_s: 20_000,
    loadavg_1m: Math.round(loadavg()[0]! * 100) / 100,
    node: process.version,
    eval: runNluEval(),
  };
}

function main(argv: string[]): void {
  const flag = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? Number(argv[i + 1]) : undefined;
  };
  const r = runNluBench({ runs: flag('--runs'), messages: flag('--messages') });
  if (argv.includes('--json')) {
    process.stdout.write(JSON.stringify(r) + '\n');
    return;
  }
  const { eval: ev, ...speed } = r;
  process.stdout.write(JSON.stringify(speed, null, 2) + '\n' + formatEvaluation(ev) + '\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main(process.argv.slice(2));
