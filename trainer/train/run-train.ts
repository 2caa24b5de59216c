// `dealerbot train`: one training run from flags to a policy bundle. Offline from a transcript
// (bc, cql; cql --finetune continues online), online in the simulator (dqn, ppo, cql), or
// behaviour cloning of logs as PPO's warm start (ppo --data). Evaluates during training on a
// fixed simulator seed set, then writes the run's report and copies the best bundle to --out.
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../lib/errors.js';
import { fileSha256 } from '../../lib/file-sha256.js';
import { choice } from '../../lib/flags.js';
import { createEncoder, FEATURE_NAMES, FEATURES_VERSION } from '../../core/features/index.js';
import { initBackend } from '../../models/backend.js';
import { loadBundle } from '../../models/bundle.js';
import { modelFromArtifacts } from '../../models/mlp.js';
import type { MlpPolicy } from '../../models/policy.js';
import { settingsFor, type AlgoOverrides } from '../algos/create.js';
import { resolveSettings, settingsSpec } from '../algos/settings.js';
import { ALGOS, type AlgoName } from '../algos/learner.js';
import { REPORT_DATA_FILE, writeRunReport } from '../report/report.js';
import type { ReportData } from '../report/report-data.js';
import { trainOffline, trainOnline, type MetricsRow, type RunOptions, type RunResult } from './loop.js';
import { defaultPersonaMix, loadPersonaMix, type PersonaMix } from '../sim/persona.js';
import { baselinePolicy } from '../sim/policies/index.js';
import { encodedPolicy } from '../sim/policies/encoded.js';
import type { Policy } from '../sim/policies/policy.js';
import { simulatePolicy, type SimulateSummary } from '../sim/simulate.js';
import { DEFAULT_REWARD } from '../../core/reward.js';
import { SimVecEnv } from '../sim/vec-env.js';
import { DEFAULT_DEALER_CONFIG } from '../sim/dealer.js';
import { loadLoggedEpisodes } from './logged-data.js';
import { playPolicy } from './sim-play.js';

/** Evaluation during training plays these dealers; the benchmarks use seed 1, so selection never sees them. */
export const EVAL_SEED = 7919;
/** The final comparison in the report (the same dealers for every policy). */
export const REPORT_SEED = 1;

export interface TrainOptions {
  algo: AlgoName;
  /** transcript v1 file: offline training (bc, cql) or the BC warm start of ppo */
  data?: string;
  /** persona mix JSON for online training and evaluation (default: the bundled default mix) */
  personas?: string;
  /** iterations of the algorithm (offline: gradient steps; ppo: rollouts; dqn: env steps × numEnvs) */
  steps?: number;
  seed: number;
  /** where the best bundle is copied */
  out: string;
  runsDir?: string;
  progress?: boolean;
  /** cql: continue online in the simulator after the offline phase */
  finetune?: boolean;
  /** conversations per evaluation during training (default 300) */
  evalEpisodes?: number;
  /** conversations per policy in the report's final comparison (default 2000) */
  reportEpisodes?: number;
  /** algorithm hyper-parameters over the defaults (online: `numEnvs` sets the simulator batch); unknown keys are errors */
  config?: AlgoOverrides;
  /** offline phase of a warm start / fine-tune: gradient steps (default 3000) and its config */
  warmSteps?: number;
  warmConfig?: AlgoOverrides;
  /** softmax temperature written into the bundle (logits); default 1 */
  temperature?: number;
  evalEvery?: number;
  patience?: number;
  /** run id (default: algo, seed and start time) */
  id?: string;
  now?: () => Date;
}

export interface SimFigure {
  mean: number;
  ci95: [number, number];
}

export interface TrainResult {
  out: string;
  algo: AlgoName;
  steps: number;
  seconds: number;
  cpu_seconds: number;
  backend: string;
  run_dir: string;
  seed: number;
  personas: string;
  /** the trained policy on REPORT_SEED, reportEpisodes conversations: true dealer-minutes and the share of them from no-shows */
  sim: { episodes: number; seed: number; dealer_minutes: SimFigure; no_show_share: number };
  baselines: Record<'random' | 'loop' | 'heuristic', { dealer_minutes: SimFigure }>;
  best: { iteration: number; eval_return: number | null };
  stopped_early: boolean;
}

export const DEFAULT_STEPS: Record<AlgoName, number> = { bc: 3000, cql: 5000, dqn: 3000, ppo: 60 };

/**
 * Online training's simulator settings, set with `--set key=value` beside the algorithm's keys:
 * - `numEnvs`: the simulator batch;
 * - `noShowWeight` (0..1): what a no-show is worth in the *training* objective, as a share of the
 *   reward's `noShow` minutes (core/reward.ts). 1 trains on dealer-minutes as DESIGN.md defines
 *   them; below 1 a policy learns to keep the dealer talking rather than to send him to a place
 *   (a real dealer who is stood up learns and warns others, and every meeting sends someone to a
 *   public place, which talk does not). Checkpoints are selected on the same objective; the
 *   final comparison, `simulate` and `evaluate` always report true dealer-minutes and the no-show
 *   share;
 * - `personaJitter` (≥ 0): domain randomisation, every training conversation's persona jittered
 *   (trainer/sim/persona.ts jitterPersona, this scale on the logit or log scale); evaluation
 *   during training plays the mix as it is. 0: off.
 */
export const SIM_DEFAULTS = { numEnvs: 16, noShowWeight: 1, personaJitter: 0 };

/** The phases of a run: an offline warm-up (ppo --data: bc; cql --data --finetune: cql), then the main one. */
function phases(opts: TrainOptions): { warm: 'bc' | 'cql' | undefined; online: boolean } {
  const warm = opts.data && (opts.algo === 'ppo' || opts.finetune) ? (opts.algo === 'ppo' ? 'bc' : 'cql') : undefined;
  return { warm, online: !opts.data || warm !== undefined };
}

/**
 * Checks --set and --warm-set against the settings their phase uses, before anything loads:
 * an unknown key or a value of the wrong kind is a usage error, never an ignored setting.
 */
function checkSettings(opts: TrainOptions): { numEnvs: number; noShowWeight: number; personaJitter: number; config: AlgoOverrides | undefined } {
  const { warm, online } = phases(opts);
  if (opts.warmConfig && !warm) throw new UsageError('--warm-set applies to the offline phase of ppo --data F or cql --data F --finetune');
  if (warm) resolveSettings(settingsFor(warm, false), opts.warmConfig, '--warm-set');
  const spec = settingsFor(opts.algo, online);
  if (!online) {
    resolveSettings(spec, opts.config, '--set');
    return { ...SIM_DEFAULTS, config: opts.config };
  }
  const withSim = settingsSpec(spec.name, { ...spec.defaults, ...SIM_DEFAULTS }, { ...spec.counts, numEnvs: 1 });
  const { numEnvs, noShowWeight, personaJitter } = resolveSettings(withSim, opts.config, '--set');
  if (!((noShowWeight as number) >= 0 && (noShowWeight as number) <= 1)) throw new UsageError(`--set noShowWeight: must be a number from 0 to 1 (the share of a no-show's minutes the training objective counts), got ${noShowWeight}`);
  if (!((personaJitter as number) >= 0 && (personaJitter as number) <= 3)) throw new UsageError(`--set personaJitter: must be a number from 0 to 3 (the jitter's scale), got ${personaJitter}`);
  const { numEnvs: _, noShowWeight: __, personaJitter: ___, ...config } = opts.config ?? {};
  return { numEnvs: numEnvs as number, noShowWeight: noShowWeight as number, personaJitter: personaJitter as number, config };
}

export async function runTrain(opts: TrainOptions, log: (line: string) => void = (l) => process.stderr.write(l + '\n')): Promise<TrainResult> {
  choice(ALGOS).parse('--algo', opts.algo);
  if (!Number.isInteger(opts.seed) || opts.seed < 0) throw new UsageError(`--seed must be an integer >= 0, got ${opts.seed}`);
  const steps = opts.steps ?? DEFAULT_STEPS[opts.algo];
  if (!Number.isInteger(steps) || steps < 1) throw new UsageError(`--steps must be an integer >= 1, got ${opts.steps}`);
  if (existsSync(opts.out) && !statSync(opts.out).isDirectory()) throw new UsageError(`--out ${opts.out} is a file; give a folder for the bundle`);
  if (opts.data && opts.algo === 'dqn') throw new UsageError('dqn learns online in the simulator; with --data use bc or cql (or ppo for a BC warm start)');
  if (!opts.data && opts.algo === 'bc') throw new UsageError('bc learns from logs: give --data F (a transcript, e.g. from `dealerbot simulate --log F`)');
  if (opts.finetune && opts.algo !== 'cql' && opts.algo !== 'ppo') throw new UsageError('--finetune applies to cql (offline then online) and ppo (BC warm start, then online)');
  const { numEnvs, noShowWeight, personaJitter, config: algoConfig } = checkSettings(opts);

  const started = Date.now();
  const cpu0 = process.cpuUsage();
  const backend = await initBackend({ log });
  const now = opts.now ?? (() => new Date());
  const id = opts.id ?? `${opts.algo}-seed${opts.seed}-${now().toISOString().replace(/[:.]/g, '-')}`;
  const runsDir = opts.runsDir ?? 'runs';
  const mix = opts.personas ? loadPersonaMix(opts.personas) : defaultPersonaMix();
  const evalEpisodes = opts.evalEpisodes ?? 300;
  const features = { version: FEATURES_VERSION, names: FEATURE_NAMES };
  // the training objective: dealer-minutes with each no-show counted noShowWeight × its minutes
  const objective = noShowObjective(noShowWeight);
  const evaluate = (p: MlpPolicy) => {
    const s = simulatePolicy(encodedPolicy('eval', p, createEncoder()), { mix, episodes: evalEpisodes, seed: EVAL_SEED });
    const value = objective(s);
    if (noShowWeight !== 1) log(`train: eval ${value.toFixed(2)} (dealer-minutes ${s.dealer_minutes.mean.toFixed(2)}, no-show share ${(s.no_show_share * 100).toFixed(1)}%)`);
    return value;
  };
  const trainReward = noShowWeight === 1 ? undefined : { reward: { ...DEFAULT_REWARD, noShow: DEFAULT_REWARD.noShow * noShowWeight } };
  const envFactory = () => new SimVecEnv({ numEnvs, mix, encoder: createEncoder, config: trainReward, personaJitter });
  // the data's content hash lets `evaluate` recognise these logs under any name (in-sample evaluation)
  const provenance = {
    data: opts.data ?? null,
    dataSha256: opts.data ? await fileSha256(opts.data).catch(() => null) : null,
    personas: opts.personas ?? mix.name,
    ...(noShowWeight !== 1 && phases(opts).online ? { noShowWeight } : {}),
    ...(personaJitter !== 0 && phases(opts).online ? { personaJitter } : {}),
    // the normalisation and the online phase ran on this simulator: with or without quiet hours
    simQuietHours: DEFAULT_DEALER_CONFIG.quietHours,
  };
  const common: Omit<RunOptions, 'iterations' | 'id'> = {
    runsDir,
    seed: opts.seed,
    features,
    evaluate,
    evalEvery: opts.evalEvery,
    patience: opts.patience,
    provenance,
    progress: opts.progress,
    now,
    log,
    temperature: opts.temperature,
  };

  let result: RunResult;
  if (opts.data) {
    const logged = await loadLoggedEpisodes(opts.data);
    log(`train: ${opts.data}: ${logged.conversations} conversations, ${logged.decisions} decisions`);
    const warmAlgo = phases(opts).warm;
    if (warmAlgo) {
      // offline phase first (BC for ppo, CQL for cql), then online from its network and
      // normalisation; the offline phase is a run of its own (runs/<id>-offline/), and its best
      // network passes to the online phase in memory
      const warmSteps = opts.warmSteps ?? 3000;
      log(`train: offline phase ${warmAlgo}, ${warmSteps} steps`);
      const warm = await trainOffline(warmAlgo, logged.episodes, { ...common, id: `${id}-offline`, iterations: warmSteps, config: opts.warmConfig, evalEvery: undefined, patience: 0 });
      const init = await modelFromArtifacts(warm.learned.artifacts);
      log(`train: online phase ${opts.algo} from the offline network (eval ${fmt(warm.best.evalReturn)})`);
      result = await trainOnline(opts.algo, envFactory, { ...common, id, iterations: steps, config: algoConfig, norm: warm.learned.norm }, { init, episodes: opts.algo === 'cql' ? logged.episodes : undefined });
    } else {
      result = await trainOffline(opts.algo, logged.episodes, { ...common, id, iterations: steps, config: algoConfig });
    }
  } else {
    result = await trainOnline(opts.algo, envFactory, { ...common, id, iterations: steps, config: algoConfig });
  }

  const bundle = await loadBundle(result.bundleDir, { features });
  const reportEpisodes = opts.reportEpisodes ?? 2000;
  const learned = encodedPolicy(bundle.meta.id, bundle.policy, createEncoder());
  log(`train: final comparison, ${reportEpisodes} conversations per policy (seed ${REPORT_SEED})`);
  const report = await writeReport(result, { algo: opts.algo, id, mix, learned, reportEpisodes, now, seed: opts.seed, backend, started, cpu0 });

  await rm(opts.out, { recursive: true, force: true });
  await mkdir(opts.out, { recursive: true });
  await cp(result.bundleDir, opts.out, { recursive: true });
  const cpu = process.cpuUsage(cpu0);
  return {
    out: opts.out,
    algo: opts.algo,
    steps: result.iterations,
    seconds: (Date.now() - started) / 1000,
    cpu_seconds: (cpu.user + cpu.system) / 1e6,
    backend,
    run_dir: result.runDir,
    seed: opts.seed,
    personas: mix.name,
    sim: { episodes: reportEpisodes, seed: REPORT_SEED, dealer_minutes: report.learned, no_show_share: report.learnedNoShowShare },
    baselines: report.baselines,
    best: { iteration: result.best.iteration, eval_return: result.best.evalReturn },
    stopped_early: result.stoppedEarly,
  };
}

/** Mean dealer-minutes with each no-show counted `weight` × the reward's noShow minutes (weight 1: dealer-minutes). */
export function noShowObjective(weight: number): (s: Pick<SimulateSummary, 'dealer_minutes' | 'no_shows'>) => number {
  return (s) => s.dealer_minutes.mean - (1 - weight) * DEFAULT_REWARD.noShow * s.no_shows;
}

const fmt = (x: number | null) => (x === null ? '-' : x.toFixed(2));

interface ReportInput {
  algo: AlgoName;
  id: string;
  mix: PersonaMix;
  learned: Policy;
  reportEpisodes: number;
  now: () => Date;
  seed: number;
  backend: string;
  started: number;
  cpu0: NodeJS.CpuUsage;
}

/** The run's report-data.json (learning curve, final comparison, lengths, tactics, examples) and report.html. */
async function writeReport(result: RunResult, r: ReportInput): Promise<{ learned: SimFigure; learnedNoShowShare: number; baselines: TrainResult['baselines'] }> {
  const play = { mix: r.mix, episodes: r.reportEpisodes, seed: REPORT_SEED };
  const mine = playPolicy(r.learned, { ...play, examples: 2 });
  const others = (['random', 'loop', 'heuristic'] as const).map((name) => [name, playPolicy(baselinePolicy(name), play)] as const);
  const all = [[`${r.algo} (trained)`, mine] as const, ...others];
  const fig = (p: ReturnType<typeof playPolicy>): SimFigure => ({ mean: p.summary.dealer_minutes.mean, ci95: p.summary.dealer_minutes.ci95 });
  const cpu = process.cpuUsage(r.cpu0);
  const dm = fig(mine);
  const heur = fig(others[2]![1]);
  const data: ReportData = {
    title: `dealerbot train: ${r.id}`,
    created: r.now().toISOString(),
    summary: {
      algo: r.algo,
      seed: r.seed,
      personas: r.mix.name,
      backend: r.backend,
      iterations: result.iterations,
      best_iteration: result.best.iteration,
      best_eval_dealer_minutes: result.best.evalReturn ?? 'n/a',
      'dealer-minutes (trained)': `${dm.mean.toFixed(2)} (95% CI ${dm.ci95[0].toFixed(2)}–${dm.ci95[1].toFixed(2)})`,
      '× heuristic': +(dm.mean / heur.mean).toFixed(3),
      no_show_share: +mine.summary.no_show_share.toFixed(3),
      conversations_per_policy: r.reportEpisodes,
      training_seconds: +result.seconds.toFixed(1),
      cpu_seconds_so_far: +((cpu.user + cpu.system) / 1e6).toFixed(1),
    },
    learning: learningCurve(result.metrics),
    policies: all.map(([policy, p]) => ({ policy, value: p.summary.dealer_minutes.mean, lo: p.summary.dealer_minutes.ci95[0], hi: p.summary.dealer_minutes.ci95[1] })),
    lengths: all.flatMap(([policy, p]) => p.lengths.map((messages) => ({ policy, messages }))),
    tacticsByStage: Object.entries(mine.tacticsByStage).flatMap(([stage, row]) => Object.entries(row).map(([tactic, count]) => ({ stage, tactic, count }))),
    conversations: mine.examples.map((events, i) => ({
      title: `example ${i + 1} (${events[0]?.source ?? ''})`,
      events: events.map(({ ts, direction, kind, text, act, tactic, duration_s }) => ({ ts, direction, kind, text, act, tactic, duration_s })),
    })),
  };
  await writeFile(join(result.runDir, REPORT_DATA_FILE), JSON.stringify(data) + '\n');
  await writeRunReport(result.runDir);
  return { learned: dm, learnedNoShowShare: mine.summary.no_show_share, baselines: Object.fromEntries(others.map(([n, p]) => [n, { dealer_minutes: fig(p) }])) as TrainResult['baselines'] };
}

function learningCurve(metrics: readonly MetricsRow[]): NonNullable<ReportData['learning']> {
  return metrics.filter((m) => m.eval_return !== undefined).map((m) => ({ step: m.iteration + 1, value: m.eval_return! }));
}
