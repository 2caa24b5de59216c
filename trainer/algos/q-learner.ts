// Double-Q learning with a target network, as DQN (online, replay, ε-greedy) and as discrete
// CQL (Kumar et al. 2020, CQL(H): α · E[logsumexp_a Q(s,a) − Q(s,a_data)] added to the TD loss),
// offline on logged transitions and optionally fine-tuned online on top of them.
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../lib/random.js';
import { buildMlp, copyWeights, snapshotForward } from '../../models/mlp.js';
import type { MlpForward } from '../../models/forward.js';
import { normaliseInto, type Normalisation } from '../../core/features/normalisation.js';
import { maskedArgmax } from '../../models/policy.js';
import type { VecEnv } from '../env.js';
import { COMMON_COUNTS, COMMON_DEFAULTS, iterationSeed, trainableVars, type CommonConfig, type IterationMetrics, type Learner } from './learner.js';
import { applyMask, maskedLogSumExp, pick } from './masked.js';
import { applyMlp } from './mlp-apply.js';
import { disposeBatch, type Transitions } from './transitions.js';

export interface QConfig extends CommonConfig {
  /** CQL weight α; 0 = plain double DQN */
  alpha: number;
  /** hard target update every N gradient steps (tau = 1) or Polyak tau per step */
  targetUpdateEvery: number;
  tau: number;
  /** rewards are multiplied by this before learning (returns of tens of minutes → order 1) */
  rewardScale: number;
  /** gradient steps per iteration */
  gradStepsPerIter: number;
}

/** What only an online Q learner uses: its replay buffer and ε-greedy collection. */
export interface QOnlineConfig {
  bufferSize: number;
  learningStarts: number;
  /** env steps per iteration (each = numEnvs transitions) */
  envStepsPerIter: number;
  epsStart: number;
  epsEnd: number;
  /** iterations over which ε decays linearly */
  epsDecayIters: number;
}

export const Q_DEFAULTS: Omit<QConfig, 'seed'> = {
  ...COMMON_DEFAULTS,
  alpha: 1,
  targetUpdateEvery: 200,
  tau: 1,
  rewardScale: 1,
  gradStepsPerIter: 1,
};

export const Q_ONLINE_DEFAULTS: QOnlineConfig = {
  bufferSize: 100_000,
  learningStarts: 1000,
  envStepsPerIter: 1,
  epsStart: 1,
  epsEnd: 0.05,
  epsDecayIters: 2000,
};

/** Which Q settings count something (integers of at least this), for the settings schemas. */
export const Q_COUNTS = { ...COMMON_COUNTS, targetUpdateEvery: 1, gradStepsPerIter: 1, bufferSize: 1, learningStarts: 0, envStepsPerIter: 1, epsDecayIters: 1 } as const;

export interface OnlineSource {
  env: VecEnv;
  envSeed: number;
  config: QOnlineConfig;
}

export class QLearner implements Learner {
  readonly output = 'q' as const;
  readonly policyNet: tf.LayersModel;
  readonly nets: Record<string, tf.LayersModel>;
  readonly optimizer: tf.Optimizer;
  private readonly target: tf.LayersModel;
  private readonly vars: tf.Variable[];
  private gradSteps = 0;
  private envSteps = 0;
  private snapshot: MlpForward | undefined;
  private current: { obs: Float32Array; mask: Uint8Array } | undefined;
  private readonly x: Float32Array;

  constructor(
    readonly algo: 'dqn' | 'cql',
    readonly cfg: QConfig,
    readonly norm: Normalisation,
    readonly buffer: Transitions,
    readonly online?: OnlineSource,
    init?: tf.LayersModel,
  ) {
    const spec = { inputSize: buffer.obsSize, hidden: cfg.hidden, outputs: buffer.numActions };
    const rng = new Rng(cfg.seed);
    this.policyNet = buildMlp(spec, rng.fork('q'));
    if (init) copyWeights(init, this.policyNet);
    this.target = buildMlp(spec, rng.fork('target'));
    copyWeights(this.policyNet, this.target);
    this.nets = { q: this.policyNet, target: this.target };
    this.optimizer = tf.train.adam(cfg.lr);
    this.vars = trainableVars(this.policyNet);
    this.x = new Float32Array(buffer.obsSize);
    if (online) this.current = online.env.reset(online.envSeed);
  }

  iterate(it: number): IterationMetrics {
    const rng = new Rng(iterationSeed(this.cfg.seed, it));
    let trainReturn: number | undefined;
    if (this.online) trainReturn = this.collect(it, rng);
    let loss = NaN;
    let td = NaN;
    if (this.buffer.size >= (this.online ? this.online.config.learningStarts : 1)) {
      for (let g = 0; g < this.cfg.gradStepsPerIter; g++) [loss, td] = this.update(rng);
      this.snapshot = undefined;
    }
    return { loss, td_error: td, grad_steps: this.gradSteps, ...(this.online ? { env_steps: this.envSteps, epsilon: this.epsilon(it, this.online.config), train_return: trainReturn } : {}) };
  }

  counters(): Record<string, number> {
    return { grad_steps: this.gradSteps, env_steps: this.envSteps };
  }

  /** The target net comes back from the checkpoint too; the step count keeps its update schedule. */
  restored(it: number, counters: Record<string, number>): void {
    this.gradSteps = counters.grad_steps ?? 0;
    this.envSteps = counters.env_steps ?? 0;
    this.snapshot = undefined;
    if (this.online) this.current = this.online.env.reset(iterationSeed(this.online.envSeed, it, 1));
  }

  private epsilon(it: number, c: QOnlineConfig): number {
    const f = Math.min(1, it / Math.max(1, c.epsDecayIters));
    return c.epsStart + (c.epsEnd - c.epsStart) * f;
  }

  /** ε-greedy steps in the envs; transitions cut by a length limit are not stored (their next state is unknown). */
  private collect(it: number, rng: Rng): number | undefined {
    const { env, config } = this.online!;
    const { obsSize: d, numActions: A, numEnvs } = env;
    const eps = this.epsilon(it, config);
    const net = (this.snapshot ??= snapshotForward(this.policyNet));
    const returns: number[] = [];
    const actions = new Int32Array(numEnvs);
    for (let k = 0; k < config.envStepsPerIter; k++) {
      const cur = this.current!;
      for (let e = 0; e < numEnvs; e++) {
        if (rng.next() < eps) {
          actions[e] = randomAllowed(cur.mask, e * A, A, rng);
        } else {
          normaliseInto(cur.obs, this.norm, this.x, e * d);
          actions[e] = maskedArgmax(net.forward(this.x), cur.mask.subarray(e * A, e * A + A));
        }
      }
      const step = env.step(actions);
      for (let e = 0; e < numEnvs; e++) {
        if (step.truncated[e]) continue;
        this.buffer.add(cur.obs, e * d, cur.mask, e * A, actions[e]!, step.reward[e]!, step.obs, e * d, step.mask, e * A, step.done[e] === 1);
      }
      for (const f of step.finished) returns.push(f.return);
      this.envSteps += numEnvs;
      this.current = step;
    }
    return returns.length ? returns.reduce((a, b) => a + b, 0) / returns.length : undefined;
  }

  private update(rng: Rng): [number, number] {
    const { gamma, alpha, rewardScale } = this.cfg;
    const A = this.buffer.numActions;
    const b = this.buffer.sample(rng, Math.min(this.cfg.batchSize, Math.max(1, this.buffer.size)));
    // double Q: the online net picks a', the target net values it
    const y = tf.tidy(() => {
      const nextOnline = this.policyNet.predict(b.next) as tf.Tensor2D;
      const aNext = applyMask(nextOnline, b.nextMask).argMax(1) as tf.Tensor1D;
      const qNext = pick(this.target.predict(b.next) as tf.Tensor2D, aNext, A);
      return b.reward.mul(rewardScale).add(qNext.mul(b.done.neg().add(1)).mul(gamma));
    });
    let tdAbs = 0;
    const lossT = this.optimizer.minimize(
      () => {
        const q = applyMlp(this.policyNet, b.obs);
        const qa = pick(q, b.action, A);
        const td = qa.sub(y);
        tdAbs = td.abs().mean().dataSync()[0]!;
        let loss = td.square().mean().mul(0.5);
        if (alpha > 0) loss = loss.add(maskedLogSumExp(q, b.mask).sub(qa).mean().mul(alpha));
        return loss as tf.Scalar;
      },
      true,
      this.vars,
    )!;
    const loss = lossT.dataSync()[0]!;
    tf.dispose([lossT, y]);
    disposeBatch(b);
    this.gradSteps++;
    if (this.cfg.tau < 1) copyWeights(this.policyNet, this.target, this.cfg.tau);
    else if (this.gradSteps % this.cfg.targetUpdateEvery === 0) copyWeights(this.policyNet, this.target);
    return [loss, tdAbs];
  }

  dispose(): void {
    this.policyNet.dispose();
    this.target.dispose();
    this.optimizer.dispose();
  }
}

export function randomAllowed(mask: Uint8Array, offset: number, n: number, rng: Rng): number {
  let allowed = 0;
  for (let i = 0; i < n; i++) allowed += mask[offset + i]!;
  let k = rng.int(allowed);
  for (let i = 0; i < n; i++) if (mask[offset + i] && k-- === 0) return i;
  throw new Error('no action is allowed by the mask');
}
