// Experiment: off-policy estimates of trained bundles from simulator logs of the
// ε-heuristic, against each bundle's on-policy value in the same simulator.
//
//   npx tsx scripts/bench/ope-simulator.ts --targets models/default,DIR... [--log-seeds 21,23,24]
//     [--episodes 5000] [--epsilon 0.3] [--truth-episodes 5000] [--fqe forest,linear] [--seed 1] [--regrow N]
//
// For each log seed: `simulate --policy heuristic --epsilon E --episodes N --seed S --log` into a
// temporary file; each target is evaluated on each log set with every FQE model asked for. The
// truth is the bundle simulated on --truth-episodes conversations (seed 1, the default mix).
// Prints one JSON object (rows + a summary); slow (≈ 1 min per row): not part of `dealerbot bench`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { createEncoder } from '../../core/features/encoder.js';
import { FEATURE_NAMES, FEATURES_VERSION } from '../../core/features/feature-names.js';
import { loadBundle } from '../../models/bundle.js';
import { loadEpisodesFromFile } from '../../trainer/logged-episodes.js';
import { evaluatePolicy, type FqeModel } from '../../trainer/ope/evaluate.js';
import { defaultPersonaMix } from '../../trainer/sim/persona.js';
import { bundlePolicy } from '../../trainer/sim/policies/encoded.js';
import { runSimulate } from '../../trainer/sim/run-simulate.js';
import { simulatePolicy } from '../../trainer/sim/simulate.js';

interface Row {
  target: string;
  log_seed: number;
  fqe: FqeModel;
  truth: number;
  behaviour: number;
  ess: number;
  fqe_value: number;
  fqe_ci95: [number, number];
  wdr_value: number;
  wdr_ci95: [number, number];
  /** (estimate − truth) / truth */
  fqe_error: number;
  wdr_error: number;
  seconds: number;
}

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : dflt;
};

const sink = (): Writable => new Writable({ write: (_chunk, _enc, done) => done() });

async function main(): Promise<void> {
  const targets = arg('targets', 'models/default').split(',');
  const logSeeds = arg('log-seeds', '21,23,24').split(',').map(Number);
  const episodes = Number(arg('episodes', '5000'));
  const epsilon = Number(arg('epsilon', '0.3'));
  const truthEpisodes = Number(arg('truth-episodes', '5000'));
  const models = arg('fqe', 'forest').split(',') as FqeModel[];
  const seed = Number(arg('seed', '1'));
  const regrow = process.argv.includes('--regrow') ? Number(arg('regrow', '1')) : undefined;
  const features = { version: FEATURES_VERSION, names: FEATURE_NAMES };

  const truths = new Map<string, number>();
  for (const t of targets) {
    const s = simulatePolicy(await bundlePolicy(t), { mix: defaultPersonaMix(), episodes: truthEpisodes, seed: 1 });
    truths.set(t, s.dealer_minutes.mean);
    console.error(`truth ${t}: ${s.dealer_minutes.mean.toFixed(2)} [${s.dealer_minutes.ci95.map((x) => x.toFixed(2)).join(', ')}]`);
  }

  const dir = await mkdtemp(join(tmpdir(), 'dealerbot-ope-sim-'));
  const rows: Row[] = [];
  try {
    for (const logSeed of logSeeds) {
      const file = join(dir, `heuristic-${logSeed}.jsonl`);
      await runSimulate({ policy: 'heuristic', epsilon, episodes, seed: logSeed, log: file, json: true }, { stdout: sink(), stderr: process.stderr });
      const { episodes: logged } = await loadEpisodesFromFile(file, { createEncoder, requirePropensity: true });
      for (const t of targets) {
        const b = await loadBundle(t, { features });
        for (const model of models) {
          const t0 = performance.now();
          const r = evaluatePolicy(logged, (o, m) => b.policy.probs(o, m), { seed, fqe: { model, regrow } });
          const truth = truths.get(t)!;
          const row: Row = {
            target: t,
            log_seed: logSeed,
            fqe: model,
            truth,
            behaviour: r.behaviour.value,
            ess: r.ess,
            fqe_value: r.estimators.fqe.value,
            fqe_ci95: r.estimators.fqe.ci95,
            wdr_value: r.estimators.wdr.value,
            wdr_ci95: r.estimators.wdr.ci95,
            fqe_error: r.estimators.fqe.value / truth - 1,
            wdr_error: r.estimators.wdr.value / truth - 1,
            seconds: (performance.now() - t0) / 1000,
          };
          rows.push(row);
          console.error(
            `${t} logs ${logSeed} ${model}: truth ${truth.toFixed(2)} FQE ${row.fqe_value.toFixed(2)} (${(100 * row.fqe_error).toFixed(1)}%) WDR ${row.wdr_value.toFixed(2)} (${(100 * row.wdr_error).toFixed(1)}%) ESS ${r.ess.toFixed(1)} ${row.seconds.toFixed(1)} s`,
          );
        }
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const within = (xs: number[]): string => `${xs.filter((x) => Math.abs(x) <= 0.1).length}/${xs.length}`;
  const summary = Object.fromEntries(
    targets.flatMap((t) =>
      models.map((m) => {
        const mine = rows.filter((r) => r.target === t && r.fqe === m);
        return [`${t} ${m}`, { fqe_within_10pct: within(mine.map((r) => r.fqe_error)), wdr_within_10pct: within(mine.map((r) => r.wdr_error)) }];
      }),
    ),
  );
  console.log(JSON.stringify({ episodes, epsilon, truth_episodes: truthEpisodes, seed, summary, rows }, null, 2));
}

await main();
