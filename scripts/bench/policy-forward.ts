// Benchmark: one policy decision through the plain forward pass (MlpPolicy.probs: normalise,
// dense layers, softmax), what `evaluate --model` does at every logged decision and the runtime at
// every reply. Run: npx tsx scripts/bench/policy-forward.ts [--bundle DIR] [--rows N] [--runs N]
// Rows are seeded, half their features zero (state vectors are sparse). Prints one JSON object:
// µs per decision, median over the runs, in CPU time of this process and in wall time.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { median } from '../../lib/ci.js';
import { FEATURE_NAMES, FEATURES_VERSION } from '../../core/features/feature-names.js';
import { packagePath } from '../../lib/package-root.js';
import { Rng } from '../../lib/random.js';
import { loadBundle } from '../../models/bundle.js';

export interface PolicyForwardOptions {
  bundle?: string;
  rows?: number;
  runs?: number;
  seed?: number;
}

export async function runPolicyForwardBench(opts: PolicyForwardOptions = {}) {
  const bundle = await loadBundle(opts.bundle ?? packagePath('models', 'default'), { features: { version: FEATURES_VERSION, names: FEATURE_NAMES } });
  const rows = opts.rows ?? 200_000;
  const runs = opts.runs ?? 3;
  const m = FEATURE_NAMES.length;
  const rng = new Rng(opts.seed ?? 1);
  const obs = Float32Array.from({ length: rows * m }, () => (rng.bool(0.5) ? 0 : rng.next()));
  const mask = new Uint8Array(bundle.policy.numActions).fill(1);
  const cpu: number[] = [];
  const wall: number[] = [];
  let check = 0; // read the outputs, so no pass can be skipped
  const load0 = loadavg()[0]!;
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < rows; i++) check += bundle.policy.probs(obs.subarray(i * m, (i + 1) * m), mask)[0]!;
    wall.push(((performance.now() - t0) * 1000) / rows);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / rows);
  }
  return {
    benchmark: 'policy-forward' as const,
    bundle: bundle.meta.id,
    rows,
    runs,
    us_per_decision_cpu: median(cpu),
    us_per_decision_wall: median(wall),
    cpu_each: cpu,
    wall_each: wall,
    check,
    load_avg_1m: [load0, loadavg()[0]!],
  };
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  const arg = (name: string): string | undefined => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const num = (name: string) => (arg(name) === undefined ? undefined : Number(arg(name)));
  console.log(JSON.stringify(await runPolicyForwardBench({ bundle: arg('--bundle'), rows: num('--rows'), runs: num('--runs') }), null, 2));
}
