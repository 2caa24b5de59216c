// Benchmark: off-policy evaluation. Run: npx tsx scripts/bench/ope.ts [--runs N] [--conversations N]
// Evaluates a target policy on 100,000 synthetic logged conversations (~20 decisions each,
// FEATURE_SIZE features (the real feature size), 16 tactics with per-decision masks) with every
// estimator; FQE's interval from 200 refitted bootstrap resamples (as many as its budget allows).
// Prints one JSON object; figures are medians over the timed runs, in CPU time of this process
// and in wall time (on a shared machine wall time mostly measures waiting for a core).
// The synthetic target is a linear softmax, almost free to ask; `evaluate --model` asks a policy
// network instead, once per logged decision, so one more run takes models/default as the target
// (its estimates mean nothing on synthetic features: only its time is reported).
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { meanCi95, median } from '../../lib/ci.js';
import { FEATURE_NAMES, FEATURE_SIZE, FEATURES_VERSION } from '../../core/features/feature-names.js';
import { packagePath } from '../../lib/package-root.js';
import { Rng } from '../../lib/random.js';
import type { LoggedEpisode, LoggedStep } from '../../trainer/episodes.js';
import { loadBundle } from '../../models/bundle.js';
import { evaluatePolicy, type OpeReport } from '../../trainer/ope/evaluate.js';
import type { PolicyProbabilities } from '../../trainer/ope/policy.js';

export interface OpeBenchOptions {
  runs?: number;
  conversations?: number;
  /** mean decisions per conversation */
  decisions?: number;
  features?: number;
  actions?: number;
  resamples?: number;
  seed?: number;
  /** a bundle to time as the target in one more run (default models/default; false: none) */
  bundle?: string | false;
}

export interface OpeBenchResult {
  benchmark: 'ope';
  runs: number;
  conversations: number;
  decisions: number;
  features: number;
  actions: number;
  resamples: number;
  /** medians over runs */
  cpu_s: number;
  wall_s: number;
  cpu_s_each: number[];
  wall_s_each: number[];
  goal_s: number;
  /** cpu_s / goal_s */
  goal_ratio: number;
  /** one run with a policy bundle as the target: what `evaluate --model` costs on these logs */
  bundle_target?: { id: string; cpu_s: number; wall_s: number };
  /** the target's value from as many on-policy rollouts of the same generator (other seed), Student-t */
  truth: { value: number; ci95: [number, number] };
  report: Pick<OpeReport, 'ess' | 'mean_weight' | 'max_weight' | 'n' | 'decisions' | 'bootstrap' | 'fqe_fit' | 'warnings'> & { estimators: Record<string, { value: number; ci95: [number, number]; interval: string }> };
  load_avg_1m: [number, number];
  cores: number;
  node: string;
}

/** Softmax over the allowed actions of a linear score (one weight row per action). */
function softmaxPolicy(weights: Float64Array, features: number, actions: number, temperature: number) {
  return (obs: Float32Array, mask: Uint8Array): Float64Array => {
    const p = new Float64Array(actions);
    let max = -Infinity;
    for (let a = 0; a < actions; a++) {
      if (!mask[a]) continue;
      let z = 0;
      for (let k = 0; k < 8; k++) z += weights[a * features + k]! * obs[k]!; // the first 8 features drive choices
      p[a] = z / temperature;
      if (p[a]! > max) max = p[a]!;
    }
    let sum = 0;
    for (let a = 0; a < actions; a++) {
      p[a] = mask[a] ? Math.exp(p[a]! - max) : 0;
      sum += p[a]!;
    }
    for (let a = 0; a < actions; a++) p[a] = p[a]! / sum;
    return p;
  };
}

/**
 * Conversations of geometric length (mean `decisions`, at most 4×), observations in one shared
 * buffer (the real pipeline also hands out views), 12–16 of 16 tactics allowed per decision,
 * logged by a softer policy than the target (so weights spread as in ε-exploration logs).
 */
export function syntheticLogs(
  opts: Required<Pick<OpeBenchOptions, 'conversations' | 'decisions' | 'features' | 'actions' | 'seed'>> & {
    /** act with the target instead (on-policy rollouts: the truth OPE should find) */
    onPolicy?: boolean;
  },
) {
  const { conversations, decisions, features, actions } = opts;
  // the policies and masks are the same whatever the seed (which only draws conversations)
  const world = new Rng('ope-bench-world');
  const rng = new Rng(opts.seed);
  const lengths = Array.from({ length: conversations }, () => {
    let t = 1;
    while (t < 4 * decisions && !rng.bool(1 / decisions)) t++;
    return t;
  });
  const total = lengths.reduce((a, b) => a + b, 0);
  const buffer = new Float32Array(total * features);
  const w = Float64Array.from({ length: actions * features }, () => world.normal());
  const behaviour = softmaxPolicy(w, features, actions, 4);
  const target = softmaxPolicy(w, features, actions, 2);
  const acting = opts.onPolicy ? target : behaviour;
  const masks = Array.from({ length: 32 }, () => {
    const m = new Uint8Array(actions).fill(1);
    for (let k = world.int(5); k > 0; k--) m[world.int(actions)] = 0;
    m[0] = 1; // one tactic is always allowed
    return m;
  });
  const episodes: LoggedEpisode[] = [];
  let s = 0;
  for (let i = 0; i < conversations; i++) {
    const steps: LoggedStep[] = [];
    for (let t = 0; t < lengths[i]!; t++, s++) {
      const obs = buffer.subarray(s * features, (s + 1) * features);
      for (let k = 0; k < features; k++) obs[k] = k < 8 ? rng.normal() : rng.bool(0.3) ? rng.next() : 0;
      obs[8] = t / decisions;
      const mask = masks[rng.int(masks.length)]!;
      const probs = acting(obs, mask);
      const action = rng.categorical(probs);
      const reward = Math.max(0, 1 + 0.3 * obs[action % 8]! + 0.5 * rng.normal());
      steps.push({ obs, mask, action, propensity: probs[action]!, reward });
    }
    episodes.push({ id: `c${i}`, steps, initialReward: 0.5 });
  }
  return { episodes, target, decisions: total };
}

/** One evaluation with every estimator, timed in CPU seconds of this process and in wall seconds. */
function timedEvaluation(episodes: LoggedEpisode[], target: PolicyProbabilities, resamples: number): { report: OpeReport; cpu_s: number; wall_s: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const report = evaluatePolicy(episodes, target, { resamples, seed: 1 });
  const wall_s = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { report, cpu_s: (c.user + c.system) / 1e6, wall_s };
}

export async function runOpeBench(opts: OpeBenchOptions = {}): Promise<OpeBenchResult> {
  const runs = opts.runs ?? 3;
  const conversations = opts.conversations ?? 100_000;
  const features = opts.features ?? FEATURE_SIZE;
  const actions = opts.actions ?? 16;
  const resamples = opts.resamples ?? 200;
  const data = syntheticLogs({ conversations, decisions: opts.decisions ?? 20, features, actions, seed: opts.seed ?? 1 });
  const load0 = loadavg()[0]!;
  const cpu: number[] = [];
  const wall: number[] = [];
  let report: OpeReport | undefined;
  for (let r = 0; r < runs; r++) {
    const run = timedEvaluation(data.episodes, data.target, resamples);
    report = run.report;
    cpu.push(run.cpu_s);
    wall.push(run.wall_s);
  }
  const rep = report!;
  let bundleTarget: OpeBenchResult['bundle_target'];
  if (opts.bundle !== false && features === FEATURE_SIZE) {
    const bundle = await loadBundle(opts.bundle ?? packagePath('models', 'default'), { features: { version: FEATURES_VERSION, names: FEATURE_NAMES } });
    const { cpu_s, wall_s } = timedEvaluation(data.episodes, (obs, mask) => bundle.policy.probs(obs, mask), resamples);
    bundleTarget = { id: bundle.meta.id, cpu_s, wall_s };
  }
  const rollouts = syntheticLogs({ conversations, decisions: opts.decisions ?? 20, features, actions, seed: (opts.seed ?? 1) + 1, onPolicy: true });
  const truth = meanCi95(rollouts.episodes.map((e) => (e.initialReward ?? 0) + e.steps.reduce((a, s) => a + s.reward, 0)));
  return {
    benchmark: 'ope',
    runs,
    conversations,
    decisions: data.decisions,
    features,
    actions,
    resamples,
    cpu_s: median(cpu),
    wall_s: median(wall),
    cpu_s_each: cpu,
    wall_s_each: wall,
    goal_s: 60,
    goal_ratio: median(cpu) / 60,
    bundle_target: bundleTarget,
    truth: { value: truth.mean, ci95: truth.ci95 },
    report: { estimators: rep.estimators, ess: rep.ess, mean_weight: rep.mean_weight, max_weight: rep.max_weight, n: rep.n, decisions: rep.decisions, bootstrap: rep.bootstrap, fqe_fit: rep.fqe_fit, warnings: rep.warnings },
    load_avg_1m: [load0, loadavg()[0]!],
    cores: availableParallelism(),
    node: process.version,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  const arg = (name: string): number | undefined => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? Number(process.argv[i + 1]) : undefined;
  };
  console.log(JSON.stringify(await runOpeBench({ runs: arg('--runs'), conversations: arg('--conversations') }), null, 2));
}
