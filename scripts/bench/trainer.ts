// Trainer benchmark: a policy bundle against the baselines on the same simulated dealers (one
// seed, N conversations each), on the default and the held-out persona mix, with 95% CIs and
// the quality-bar ratios (BENCHMARKS.md, "Trainer: policies"). The oracle is slow (minutes per 5,000): opt in with --oracle.
// With --train, first times the default policy's training (wall and CPU) and checks that it
// reproduces models/default/weights.bin.
//   npx tsx scripts/bench/trainer.ts [--bundle models/default] [--episodes 5000] [--seed 1] [--oracle] [--train]
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packagePath } from '../../lib/package-root.js';
import { runTrain } from '../../trainer/train/run-train.js';
import { createEncoder } from '../../core/features/index.js';
import { FEATURE_NAMES, FEATURES_VERSION } from '../../core/features/index.js';
import { loadBundle } from '../../models/bundle.js';
import { defaultPersonaMix, heldoutPersonaMix, type PersonaMix } from '../../trainer/sim/persona.js';
import { encodedPolicy } from '../../trainer/sim/policies/encoded.js';
import { baselinePolicy } from '../../trainer/sim/policies/index.js';
import type { Policy } from '../../trainer/sim/policies/policy.js';
import { simulatePolicy, type SimulateSummary } from '../../trainer/sim/simulate.js';

export interface PolicyRow {
  policy: string;
  mean: number;
  ci95: [number, number];
  cpu_seconds: number;
}

export interface PolicyTable {
  mix: string;
  episodes: number;
  seed: number;
  rows: PolicyRow[];
  /** learned / baseline mean dealer-minutes, and whether the 95% CIs are disjoint */
  ratios: Record<string, { ratio: number; disjoint: boolean }>;
}

export async function runPolicyTable(bundleDir: string, opts: { episodes: number; seed: number; mix: PersonaMix; oracle?: boolean }): Promise<PolicyTable> {
  const b = await loadBundle(bundleDir, { features: { version: FEATURES_VERSION, names: FEATURE_NAMES } });
  const learned = encodedPolicy(`${b.meta.id}`, b.policy, createEncoder());
  const names = ['random', 'loop', 'heuristic', 'varied', ...(opts.oracle ? ['oracle'] : [])];
  const policies: [string, Policy][] = [['learned', learned], ...names.map((n) => [n, baselinePolicy(n)] as [string, Policy])];
  const rows: PolicyRow[] = [];
  for (const [name, p] of policies) {
    const c0 = process.cpuUsage();
    const s: SimulateSummary = simulatePolicy(p, { mix: opts.mix, episodes: opts.episodes, seed: opts.seed });
    const c = process.cpuUsage(c0);
    rows.push({ policy: name === 'learned' ? `learned (${b.meta.id})` : name, mean: s.dealer_minutes.mean, ci95: s.dealer_minutes.ci95, cpu_seconds: (c.user + c.system) / 1e6 });
  }
  const me = rows[0]!;
  const ratios: PolicyTable['ratios'] = {};
  for (const r of rows.slice(1)) ratios[r.policy] = { ratio: me.mean / r.mean, disjoint: me.ci95[0] > r.ci95[1] || me.ci95[1] < r.ci95[0] };
  return { mix: opts.mix.name, episodes: opts.episodes, seed: opts.seed, rows, ratios };
}

export interface TrainTiming {
  seconds: number;
  cpu_seconds: number;
  dealer_minutes: number;
  weights_sha256: string;
  /** same weights as the shipped models/default */
  reproduces_default: boolean;
}

/** The training of `npm run train:default` (keep the two in step), timed, into a temporary folder. */
export async function runTrainTiming(): Promise<TrainTiming> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-train-'));
  const r = await runTrain(
    { algo: 'ppo', steps: 150, seed: 1, config: { rewardScale: 0.1 }, evalEvery: 15, evalEpisodes: 500, reportEpisodes: 2000, out: join(dir, 'bundle'), runsDir: join(dir, 'runs') },
    () => {},
  );
  const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
  const w = sha(join(r.out, 'weights.bin'));
  return { seconds: r.seconds, cpu_seconds: r.cpu_seconds, dealer_minutes: r.sim.dealer_minutes.mean, weights_sha256: w, reproduces_default: w === sha(packagePath('models', 'default', 'weights.bin')) };
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const bundle = arg('bundle') ?? 'models/default';
  const episodes = Number(arg('episodes') ?? 5000);
  const seed = Number(arg('seed') ?? 1);
  const oracle = process.argv.includes('--oracle');
  if (process.argv.includes('--train')) {
    const t = await runTrainTiming();
    console.log(`train:default: ${t.seconds.toFixed(1)} s wall, ${t.cpu_seconds.toFixed(1)} CPU-s; ${t.dealer_minutes.toFixed(2)} dealer-minutes (2,000 conv.); weights ${t.weights_sha256.slice(0, 12)} ${t.reproduces_default ? '= models/default' : '≠ models/default'}`);
  }
  for (const mix of [defaultPersonaMix(), heldoutPersonaMix()]) {
    const t = await runPolicyTable(bundle, { episodes, seed, mix, oracle });
    console.log(`\n${t.mix} mix, ${t.episodes} conversations, seed ${t.seed}`);
    console.log('| policy | dealer-minutes | 95% CI | learned ÷ policy | CIs disjoint |');
    console.log('|---|---|---|---|---|');
    for (const r of t.rows) {
      const q = t.ratios[r.policy];
      console.log(`| ${r.policy} | ${r.mean.toFixed(2)} | ${r.ci95[0].toFixed(2)} – ${r.ci95[1].toFixed(2)} | ${q ? q.ratio.toFixed(3) : '—'} | ${q ? (q.disjoint ? 'yes' : 'no') : '—'} |`);
    }
  }
}
