// A training run: drives a learner for N iterations, writes runs/<id>/ (config.json, metrics.jsonl,
// checkpoint/, best/ bundle), evaluates on a fixed seed set through an injected function, stops
// early when evaluation stops improving, and resumes from its checkpoint.
//
// metrics.jsonl: one JSON object per line, in iteration order, each iteration at most once:
// every ~iterations/200-th iteration, and exactly one line per evaluation. Fields: `iteration`
// (0-based; the line describes the state after iteration + 1 iterations), `seconds` since start,
// `loss`, `grad_steps`, and per algorithm `td_error` (cql, dqn), `entropy` and `accuracy` (bc),
// `entropy`, `clip_frac` (ppo), `env_steps`, `train_return` (online), `epsilon` (dqn, online
// cql); on evaluation lines `eval_return` (the evaluate function's mean return).
//
// Resume: an offline run (bc, cql) resumed from its last checkpoint ends bit for bit where the
// uninterrupted run ends (trainer/run.test.ts). Online runs continue from their networks,
// optimizer and counters, but their environments restart and replay buffers start empty (not
// checkpointed), so they continue differently from an uninterrupted run.
import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import cliProgress from 'cli-progress';
import { TACTICS } from '../../core/tactics.js';
import { initBackend } from '../../models/backend.js';
import { forwardFromArtifacts, modelFiles, networkArtifacts, saveBundle, type ModelFiles, type NetworkArtifacts } from '../../models/bundle.js';
import { snapshotForward } from '../../models/mlp.js';
import { fitNormalisation, type Normalisation } from '../../core/features/normalisation.js';
import { MlpPolicy, type ExplorationSettings, type OutputKind } from '../../models/policy.js';
import { createLearner, type AlgoOverrides } from '../algos/create.js';
import type { Numeric } from '../algos/settings.js';
import type { AlgoName, IterationMetrics, Learner } from '../algos/learner.js';
import { datasetShape } from '../algos/transitions.js';
import type { VecEnv } from '../env.js';
import type { LoggedEpisode } from '../episodes.js';
import { randomRolloutObservations } from './sim-evaluation.js';

/** What a training loop needs, with or without a run folder. */
export interface LearnOptions {
  seed: number;
  iterations: number;
  /** algorithm hyper-parameters over the defaults (see settingsFor); a key the algorithm does not use is an error */
  config?: AlgoOverrides;
  /** mean return of a policy on a fixed evaluation seed set (higher is better) */
  evaluate?: (policy: MlpPolicy) => number | Promise<number>;
  evalEvery?: number;
  /** evaluations without improvement before stopping; 0 = never stop early */
  patience?: number;
  /** exploration of the learned policy and its bundle (defaults: logits T = 1, ε = 0; q T = 0, ε = 0.05) */
  temperature?: number;
  epsilon?: number;
  /** feature normalisation; default: estimated from the data (offline) or random play (online) */
  norm?: Normalisation;
  log?: (line: string) => void;
}

export interface RunOptions extends LearnOptions {
  /** folder that holds runs (default "runs"); the run writes runsDir/<id>/ */
  runsDir?: string;
  id?: string;
  /** feature encoder identity, written into the bundle */
  features: { version: number; names: readonly string[] };
  tactics?: readonly string[];
  checkpointEvery?: number;
  /** continue runsDir/<id>/ from its checkpoint */
  resume?: boolean;
  /**
   * written into the bundle's `training`: the transcript (path and sha256 of its bytes), the
   * persona mix, (metrics.no_show_weight) the training objective's noShowWeight when not 1, and
   * (metrics.sim_quiet_hours) whether the simulator held our night messages (DealerConfig.quietHours;
   * a bundle without it was trained before the simulator had quiet hours)
   */
  provenance?: { data?: string | null; dataSha256?: string | null; personas?: string | null; noShowWeight?: number; personaJitter?: number; simQuietHours?: boolean };
  progress?: boolean;
  now?: () => Date;
}

/**
 * The policy a run learned, in memory: its best network by evaluation (the last one when the
 * run does not evaluate), the same network and settings its bundle holds.
 */
export interface LearnedPolicy {
  algo: AlgoName;
  output: OutputKind;
  /** iterations behind this network */
  iteration: number;
  evalReturn: number | null;
  norm: { mean: number[]; std: number[] };
  exploration: ExplorationSettings;
  /** the network as tfjs artifacts: modelFromArtifacts makes a trainable copy */
  artifacts: NetworkArtifacts;
  /** the plain-JS policy at `exploration`, with `norm` */
  policy: MlpPolicy;
}

export interface LearnResult {
  learned: LearnedPolicy;
  iterations: number;
  best: { iteration: number; evalReturn: number | null };
  metrics: MetricsRow[];
  stoppedEarly: boolean;
  seconds: number;
}

export interface RunResult extends LearnResult {
  runDir: string;
  /** the learned policy's bundle */
  bundleDir: string;
}

export type MetricsRow = IterationMetrics & { iteration: number; seconds: number; eval_return?: number };

/** Trains offline and records the run in runsDir/<id>/ (metrics, checkpoints, best/ bundle). */
export async function trainOffline(algo: AlgoName, episodes: readonly LoggedEpisode[], opts: RunOptions): Promise<RunResult> {
  const { learner, cfg, norm } = await offlineLearner(algo, episodes, opts);
  return drive(learner, cfg, norm, opts, opts);
}

/** Trains offline in memory only (no run folder) and returns the learned policy. */
export async function learnOffline(algo: AlgoName, episodes: readonly LoggedEpisode[], opts: LearnOptions): Promise<LearnResult> {
  const { learner, cfg, norm } = await offlineLearner(algo, episodes, opts);
  return drive(learner, cfg, norm, opts, null);
}

async function offlineLearner(algo: AlgoName, episodes: readonly LoggedEpisode[], opts: LearnOptions) {
  await initBackend({ log: opts.log ?? null });
  const { obsSize } = datasetShape(episodes);
  const norm = opts.norm ?? fitNormalisation(episodes.flatMap((e) => e.steps.map((s) => s.obs)), obsSize);
  const built = createLearner(algo, opts.config, opts.seed, norm, { kind: 'offline', episodes });
  return { learner: built.learner, cfg: built.config, norm };
}

export interface OnlineExtras {
  /** CQL fine-tuning: start from this network and keep these episodes in the replay buffer */
  init?: tf.LayersModel;
  episodes?: readonly LoggedEpisode[];
}

export async function trainOnline(algo: AlgoName, envFactory: (seed: number) => VecEnv, opts: RunOptions, extras: OnlineExtras = {}): Promise<RunResult> {
  await initBackend({ log: opts.log ?? null });
  const env = envFactory(opts.seed);
  const norm = opts.norm ?? onlineNormalisation(env, opts.seed);
  const built = createLearner(algo, opts.config, opts.seed, norm, { kind: 'online', env, envSeed: opts.seed, episodes: extras.episodes, init: extras.init });
  // the simulator batch is the environment's, not an algorithm setting, but shapes the run too
  return drive(built.learner, { ...built.config, numEnvs: env.numEnvs }, norm, opts, opts);
}

/**
 * The normalisation of an online run: fitted on 64 steps of uniformly random play in the run's
 * environment (from a seed derived from the run's). models/default stores this for its seed.
 */
export function onlineNormalisation(env: VecEnv, seed: number): { mean: number[]; std: number[] } {
  return fitNormalisation(randomRolloutObservations(env, 64, seed ^ 0x6e6f726d), env.obsSize);
}

/** The in-memory network of a learned policy: artifacts as a bundle holds them, and the policy over them. */
function learnedFrom(files: ModelFiles, learner: Learner, iteration: number, evalReturn: number | null, norm: LearnedPolicy['norm'], exploration: ExplorationSettings): LearnedPolicy {
  const artifacts = networkArtifacts(files);
  const net = forwardFromArtifacts(artifacts.modelTopology, artifacts.weightSpecs, artifacts.weightData);
  return { algo: learner.algo, output: learner.output, iteration, evalReturn, norm, exploration, artifacts, policy: new MlpPolicy(net, exploration, norm) };
}

/** `cfg`: the settings in use, written into config.json; `record`: the run folder's options, or null (in memory only). */
async function drive(learner: Learner, cfg: Readonly<Numeric>, norm: Normalisation, opts: LearnOptions, record: RunOptions): Promise<RunResult>;
async function drive(learner: Learner, cfg: Readonly<Numeric>, norm: Normalisation, opts: LearnOptions, record: null): Promise<LearnResult>;
async function drive(learner: Learner, cfg: Readonly<Numeric>, norm: Normalisation, opts: LearnOptions, record: RunOptions | null): Promise<LearnResult | RunResult> {
  const started = Date.now();
  const now = record?.now ?? (() => new Date());
  const id = record?.id ?? `${learner.algo}-seed${opts.seed}-${now().toISOString().replace(/[:.]/g, '-')}`;
  const runDir = join(record?.runsDir ?? 'runs', id);
  const bundleDir = join(runDir, 'best');
  const ckptDir = join(runDir, 'checkpoint');
  const metricsPath = join(runDir, 'metrics.jsonl');
  const evalEvery = opts.evalEvery ?? Math.max(1, Math.floor(opts.iterations / 20));
  const checkpointEvery = record?.checkpointEvery ?? evalEvery;
  const patience = opts.patience ?? 0;
  const exploration = {
    temperature: opts.temperature ?? (learner.output === 'logits' ? 1 : 0),
    epsilon: opts.epsilon ?? (learner.output === 'q' ? 0.05 : 0),
  };
  const stored = { mean: Array.from(norm.mean), std: Array.from(norm.std) };

  let state = { iteration: 0, bestReturn: null as number | null, bestIteration: -1, sinceBest: 0 };
  const metrics: MetricsRow[] = [];
  /** the best network so far (model.json and weights.bin as its bundle holds them) */
  let best: { files: ModelFiles; iteration: number; evalReturn: number | null } | null = null;
  if (record?.resume && existsSync(join(ckptDir, 'state.json'))) {
    const restored = await restoreCheckpoint(ckptDir, learner);
    const { learner: counters, ...runState } = restored;
    state = runState;
    learner.restored(state.iteration, counters ?? {});
    metrics.push(...(await readMetrics(metricsPath)).filter((m) => m.iteration < state.iteration));
    await writeFile(metricsPath, metrics.map((m) => JSON.stringify(m) + '\n').join(''));
    if (state.bestIteration >= 0 && existsSync(join(bundleDir, 'weights.bin'))) {
      // the best network before the interruption is the best/ bundle of the interrupted run
      best = { files: { modelJson: await readFile(join(bundleDir, 'model.json'), 'utf8'), weights: new Uint8Array(await readFile(join(bundleDir, 'weights.bin'))) }, iteration: state.bestIteration, evalReturn: state.bestReturn };
    }
  } else if (record) {
    await rm(runDir, { recursive: true, force: true });
    await mkdir(runDir, { recursive: true });
  }
  if (record) {
    const features = { version: record.features.version, names: [...record.features.names] };
    await writeFile(join(runDir, 'config.json'), JSON.stringify({ algo: learner.algo, id, ...cfg, iterations: opts.iterations, evalEvery, patience, checkpointEvery, exploration, features, provenance: record.provenance ?? {}, backend: tf.getBackend() }, null, 2) + '\n');
  }

  const exportBundle = async (files: ModelFiles, iteration: number, evalReturn: number | null) => {
    if (!record) return;
    const p = record.provenance;
    await saveBundle(bundleDir, files, {
      created: now().toISOString(),
      algo: learner.algo,
      features: { version: record.features.version, names: [...record.features.names], ...stored },
      tactics: [...(record.tactics ?? TACTICS)],
      output: learner.output,
      ...exploration,
      training: {
        data: p?.data ?? null,
        ...(p?.dataSha256 ? { data_sha256: p.dataSha256 } : {}),
        personas: p?.personas ?? null,
        seed: opts.seed,
        steps: iteration,
        metrics: { run: id, eval_return: evalReturn, backend: tf.getBackend(), ...(p?.noShowWeight !== undefined ? { no_show_weight: p.noShowWeight } : {}), ...(p?.personaJitter !== undefined ? { persona_jitter: p.personaJitter } : {}), ...(p?.simQuietHours !== undefined ? { sim_quiet_hours: p.simQuietHours } : {}) },
      },
    });
  };
  const keep = async (iteration: number, evalReturn: number | null) => {
    best = { files: await modelFiles(learner.policyNet), iteration, evalReturn };
    await exportBundle(best.files, iteration, evalReturn);
  };

  const bar = record?.progress ? new cliProgress.SingleBar({ format: `${learner.algo} {bar} {value}/{total} | loss {loss} | eval {evalReturn} (best {best})`, stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic) : undefined;
  bar?.start(opts.iterations, state.iteration, { loss: '-', evalReturn: '-', best: state.bestReturn?.toFixed(2) ?? '-' });
  let stoppedEarly = false;
  const logEvery = Math.max(1, Math.floor(opts.iterations / 200));
  let pending = '';
  let it = state.iteration;
  for (; it < opts.iterations; it++) {
    const m = learner.iterate(it);
    const row: MetricsRow = { iteration: it, seconds: (Date.now() - started) / 1000, ...m };
    const last = it === opts.iterations - 1;
    if (opts.evaluate && ((it + 1) % evalEvery === 0 || last)) {
      const policy = new MlpPolicy(snapshotForward(learner.policyNet), exploration, norm);
      const ret = await opts.evaluate(policy);
      row.eval_return = ret;
      if (state.bestReturn === null || ret > state.bestReturn) {
        state = { ...state, bestReturn: ret, bestIteration: it + 1, sinceBest: 0 };
        await keep(it + 1, ret);
      } else {
        state.sinceBest++;
      }
      bar?.update(it + 1, { evalReturn: ret.toFixed(2), best: state.bestReturn!.toFixed(2) });
      if (patience > 0 && state.sinceBest >= patience) stoppedEarly = true;
    }
    metrics.push(row);
    if (it % logEvery === 0 || row.eval_return !== undefined || last || stoppedEarly) {
      pending += JSON.stringify(row) + '\n';
      bar?.update(it + 1, { loss: Number.isFinite(m.loss) ? m.loss.toFixed(4) : '-' });
    }
    if (record && ((it + 1) % checkpointEvery === 0 || last || stoppedEarly)) {
      await appendFile(metricsPath, pending);
      pending = '';
      await saveCheckpoint(ckptDir, learner, { ...state, iteration: it + 1, learner: learner.counters() });
    }
    if (stoppedEarly) {
      it++;
      break;
    }
  }
  if (record) await appendFile(metricsPath, pending);
  bar?.stop();
  if (!opts.evaluate) {
    state = { ...state, bestIteration: it };
    await keep(it, null);
  } else if (!best) {
    // a resumed run that had nothing left to do and no best/ bundle: its current network
    best = { files: await modelFiles(learner.policyNet), iteration: it, evalReturn: null };
  }
  const b = best as { files: ModelFiles; iteration: number; evalReturn: number | null };
  const learned = learnedFrom(b.files, learner, b.iteration, b.evalReturn, stored, exploration);
  const result: LearnResult = { learned, iterations: it, best: { iteration: state.bestIteration, evalReturn: state.bestReturn }, metrics, stoppedEarly, seconds: (Date.now() - started) / 1000 };
  return record ? { ...result, runDir, bundleDir } : result;
}

type RunState = { iteration: number; bestReturn: number | null; bestIteration: number; sinceBest: number };
type CheckpointState = RunState & { learner?: Record<string, number> };

async function saveCheckpoint(dir: string, learner: Learner, state: CheckpointState): Promise<void> {
  const tmp = `${dir}.tmp`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  for (const [name, net] of Object.entries(learner.nets)) {
    const { modelJson, weights } = await modelFiles(net);
    await writeFile(join(tmp, `${name}.json`), modelJson);
    await writeFile(join(tmp, `${name}.bin`), weights);
  }
  const opt = await learner.optimizer.getWeights();
  // dtype matters: Adam's step counter is int32, and read back as float32 it would be ~0, which
  // silently restarts the bias correction on resume
  const specs = opt.map((w) => ({ name: w.name, shape: w.tensor.shape, dtype: w.tensor.dtype }));
  const data = Buffer.concat(opt.map((w) => Buffer.from((w.tensor.dataSync() as Float32Array | Int32Array).slice().buffer)));
  // getWeights hands out the optimizer's own moment variables: dispose only the fresh counter
  tf.dispose(opt.map((w) => w.tensor).filter((t) => !(t instanceof tf.Variable)));
  await writeFile(join(tmp, 'optimizer.json'), JSON.stringify({ weights: specs, adamAccBeta: readAdamAccBeta(learner.optimizer) }));
  await writeFile(join(tmp, 'optimizer.bin'), data);
  await writeFile(join(tmp, 'state.json'), JSON.stringify(state));
  await rm(dir, { recursive: true, force: true });
  const { rename } = await import('node:fs/promises');
  await rename(tmp, dir);
}

async function restoreCheckpoint(dir: string, learner: Learner): Promise<CheckpointState> {
  for (const [name, net] of Object.entries(learner.nets)) {
    const j = JSON.parse(await readFile(join(dir, `${name}.json`), 'utf8'));
    const buf = await readFile(join(dir, `${name}.bin`));
    const fwd = forwardFromArtifacts(j.modelTopology, j.weightsManifest[0].weights, buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer, join(dir, `${name}.json`));
    net.setWeights(fwd.layers.flatMap((l) => [tf.tensor2d(l.kernel, [l.inSize, l.outSize]), tf.tensor1d(l.bias)]));
  }
  const saved = JSON.parse(await readFile(join(dir, 'optimizer.json'), 'utf8')) as { weights: { name: string; shape: number[]; dtype?: 'float32' | 'int32' }[]; adamAccBeta?: [number, number] | null };
  const specs = saved.weights;
  const buf = await readFile(join(dir, 'optimizer.bin'));
  const all = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  let off = 0;
  const named = specs.map((s) => {
    const n = s.shape.reduce((a, b) => a * b, 1);
    const dtype = s.dtype ?? 'float32';
    const values = dtype === 'int32' ? new Int32Array(all, off * 4, n) : new Float32Array(all, off * 4, n);
    off += n;
    return { name: s.name, tensor: tf.tensor(values.slice(), s.shape, dtype) };
  });
  await learner.optimizer.setWeights(named);
  if (saved.adamAccBeta) writeAdamAccBeta(learner.optimizer, saved.adamAccBeta);
  return JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')) as CheckpointState;
}

// tfjs' Adam keeps β₁ᵗ and β₂ᵗ as running products, but setWeights recomputes them as powers,
// which differ in the last bits: saved as they are, a resumed run stays bit-for-bit on track.
type AdamInternals = { accBeta1?: tf.Variable; accBeta2?: tf.Variable };

function readAdamAccBeta(optimizer: tf.Optimizer): [number, number] | null {
  const o = optimizer as unknown as AdamInternals;
  return o.accBeta1 && o.accBeta2 ? [o.accBeta1.dataSync()[0]!, o.accBeta2.dataSync()[0]!] : null;
}

function writeAdamAccBeta(optimizer: tf.Optimizer, [b1, b2]: [number, number]): void {
  const o = optimizer as unknown as AdamInternals;
  if (!o.accBeta1 || !o.accBeta2) return;
  tf.tidy(() => {
    o.accBeta1!.assign(tf.scalar(b1));
    o.accBeta2!.assign(tf.scalar(b2));
  });
}

async function readMetrics(path: string): Promise<MetricsRow[]> {
  if (!existsSync(path)) return [];
  return (await readFile(path, 'utf8'))
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as MetricsRow);
}
