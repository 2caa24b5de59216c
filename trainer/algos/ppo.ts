// PPO (Schulman et al. 2017): clipped surrogate, GAE(λ) advantages, entropy bonus, over a masked
// categorical policy, on a VecEnv. Rollouts run through plain-JS snapshots of the networks (no
// tfjs call per environment step); updates run in tfjs.
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../lib/random.js';
import { buildMlp, snapshotForward } from '../../models/mlp.js';
import { normaliseInto, type Normalisation } from '../../core/features/normalisation.js';
import { outputProbs } from '../../models/policy.js';
import type { EnvBatch, VecEnv } from '../env.js';
import { COMMON_COUNTS, COMMON_DEFAULTS, iterationSeed, trainableVars, type CommonConfig, type IterationMetrics, type Learner } from './learner.js';
import { maskedEntropy, maskedLogSoftmax, pick } from './masked.js';
import { applyMlp } from './mlp-apply.js';
import { settingsSpec } from './settings.js';

/** PPO's minibatches are a share of the rollout (`minibatches`), so it has no batchSize. */
export interface PpoConfig extends Omit<CommonConfig, 'batchSize'> {
  /** env steps per rollout (each = numEnvs transitions) */
  nSteps: number;
  epochs: number;
  minibatches: number;
  clip: number;
  lambda: number;
  entCoef: number;
  vfCoef: number;
  rewardScale: number;
  maxGradNorm: number;
}

export const PPO_DEFAULTS: Omit<PpoConfig, 'seed'> = {
  hidden: COMMON_DEFAULTS.hidden,
  lr: 3e-4,
  gamma: COMMON_DEFAULTS.gamma,
  nSteps: 128,
  epochs: 4,
  minibatches: 4,
  clip: 0.2,
  lambda: 0.95,
  entCoef: 0.01,
  vfCoef: 0.5,
  rewardScale: 1,
  maxGradNorm: 0.5,
};
export const PPO_SETTINGS = settingsSpec('ppo', PPO_DEFAULTS, { hidden: COMMON_COUNTS.hidden, nSteps: 1, epochs: 1, minibatches: 1 });

export class PpoLearner implements Learner {
  readonly algo = 'ppo' as const;
  readonly output = 'logits' as const;
  readonly policyNet: tf.LayersModel;
  readonly nets: Record<string, tf.LayersModel>;
  readonly optimizer: tf.Optimizer;
  private readonly value: tf.LayersModel;
  private readonly vars: tf.Variable[];
  private current: EnvBatch;
  private gradSteps = 0;
  private envSteps = 0;

  constructor(
    readonly cfg: PpoConfig,
    readonly norm: Normalisation,
    readonly env: VecEnv,
    readonly envSeed: number,
    /** warm start: a policy network (e.g. behaviour cloning) whose logits PPO fine-tunes; the learner owns it */
    init?: tf.LayersModel,
  ) {
    const rng = new Rng(cfg.seed);
    const fresh = buildMlp({ inputSize: env.obsSize, hidden: cfg.hidden, outputs: env.numActions, activation: 'tanh' }, rng.fork('pi'));
    if (init) fresh.dispose();
    this.policyNet = init ?? fresh;
    this.value = buildMlp({ inputSize: env.obsSize, hidden: cfg.hidden, outputs: 1, activation: 'tanh' }, rng.fork('v'));
    this.nets = { pi: this.policyNet, v: this.value };
    this.optimizer = tf.train.adam(cfg.lr);
    this.vars = trainableVars(this.policyNet, this.value);
    this.current = env.reset(envSeed);
  }

  iterate(it: number): IterationMetrics {
    const rng = new Rng(iterationSeed(this.cfg.seed, it));
    const r = this.rollout(rng);
    const { numEnvs: E, obsSize: d, numActions: A } = this.env;
    const N = this.cfg.nSteps * E;
    const mb = Math.max(1, Math.floor(N / this.cfg.minibatches));
    const idx = Int32Array.from({ length: N }, (_, i) => i);
    let loss = 0;
    let entropy = 0;
    let clipFrac = 0;
    let count = 0;
    for (let ep = 0; ep < this.cfg.epochs; ep++) {
      shuffle(idx, rng);
      for (let start = 0; start + mb <= N; start += mb) {
        const obs = new Float32Array(mb * d);
        const mask = new Float32Array(mb * A);
        const act = new Int32Array(mb);
        const oldLogp = new Float32Array(mb);
        const adv = new Float32Array(mb);
        const ret = new Float32Array(mb);
        for (let k = 0; k < mb; k++) {
          const i = idx[start + k]!;
          obs.set(r.obs.subarray(i * d, i * d + d), k * d);
          for (let a = 0; a < A; a++) mask[k * A + a] = r.mask[i * A + a]!;
          act[k] = r.action[i]!;
          oldLogp[k] = r.logp[i]!;
          adv[k] = r.adv[i]!;
          ret[k] = r.ret[i]!;
        }
        normaliseAdv(adv);
        const t = {
          obs: tf.tensor2d(obs, [mb, d]),
          mask: tf.tensor2d(mask, [mb, A]),
          act: tf.tensor1d(act, 'int32'),
          oldLogp: tf.tensor1d(oldLogp),
          adv: tf.tensor1d(adv),
          ret: tf.tensor1d(ret),
        };
        const { value: lossT, grads } = tf.variableGrads(() => {
          const logp = maskedLogSoftmax(applyMlp(this.policyNet, t.obs), t.mask);
          const lp = pick(logp, t.act, A);
          const ratio = lp.sub(t.oldLogp).exp();
          const clipped = ratio.clipByValue(1 - this.cfg.clip, 1 + this.cfg.clip);
          const pg = tf.minimum(ratio.mul(t.adv), clipped.mul(t.adv)).mean().neg();
          const v = applyMlp(this.value, t.obs).reshape([mb]);
          const vf = v.sub(t.ret).square().mean();
          const ent = maskedEntropy(logp, t.mask).mean();
          entropy += ent.dataSync()[0]!;
          clipFrac += ratio.sub(1).abs().greater(this.cfg.clip).cast('float32').mean().dataSync()[0]!;
          return pg.add(vf.mul(this.cfg.vfCoef)).sub(ent.mul(this.cfg.entCoef)) as tf.Scalar;
        }, this.vars);
        const clippedGrads = clipByGlobalNorm(grads, this.cfg.maxGradNorm);
        this.optimizer.applyGradients(clippedGrads);
        loss += lossT.dataSync()[0]!;
        tf.dispose([lossT, ...Object.values(grads), ...Object.values(clippedGrads), ...Object.values(t)]);
        this.gradSteps++;
        count++;
      }
    }
    return { loss: loss / count, entropy: entropy / count, clip_frac: clipFrac / count, grad_steps: this.gradSteps, env_steps: this.envSteps, train_return: r.meanReturn };
  }

  counters(): Record<string, number> {
    return { grad_steps: this.gradSteps, env_steps: this.envSteps };
  }

  restored(it: number, counters: Record<string, number>): void {
    this.gradSteps = counters.grad_steps ?? 0;
    this.envSteps = counters.env_steps ?? 0;
    this.current = this.env.reset(iterationSeed(this.envSeed, it, 1));
  }

  private rollout(rng: Rng) {
    const { numEnvs: E, obsSize: d, numActions: A } = this.env;
    const T = this.cfg.nSteps;
    const pi = snapshotForward(this.policyNet);
    const vf = snapshotForward(this.value);
    const obs = new Float32Array(T * E * d);
    const mask = new Uint8Array(T * E * A);
    const action = new Int32Array(T * E);
    const logp = new Float32Array(T * E);
    const value = new Float32Array((T + 1) * E);
    const reward = new Float32Array(T * E);
    const done = new Uint8Array(T * E);
    const trunc = new Uint8Array(T * E);
    const x = new Float32Array(d);
    const actions = new Int32Array(E);
    const p = new Float64Array(A);
    const returns: number[] = [];
    for (let t = 0; t < T; t++) {
      const cur = this.current;
      for (let e = 0; e < E; e++) {
        const i = t * E + e;
        normaliseInto(cur.obs, this.norm, x, e * d);
        obs.set(x, i * d);
        const m = cur.mask.subarray(e * A, e * A + A);
        mask.set(m, i * A);
        outputProbs(pi.forward(x), m, { temperature: 1, epsilon: 0 }, p);
        const a = rng.categorical(p);
        actions[e] = a;
        action[i] = a;
        logp[i] = Math.log(p[a]!);
        value[i] = vf.forward(x)[0]!;
      }
      const step = this.env.step(actions);
      for (let e = 0; e < E; e++) {
        const i = t * E + e;
        reward[i] = step.reward[e]! * this.cfg.rewardScale;
        done[i] = step.done[e]!;
        trunc[i] = step.truncated[e]!;
      }
      for (const f of step.finished) returns.push(f.return);
      this.envSteps += E;
      this.current = step;
    }
    for (let e = 0; e < E; e++) {
      normaliseInto(this.current.obs, this.norm, x, e * d);
      value[T * E + e] = vf.forward(x)[0]!;
    }
    // GAE(λ). A length-cut episode bootstraps from V(s_t): the env does not expose its final state.
    const adv = new Float32Array(T * E);
    const ret = new Float32Array(T * E);
    const { gamma, lambda } = this.cfg;
    for (let e = 0; e < E; e++) {
      let gae = 0;
      for (let t = T - 1; t >= 0; t--) {
        const i = t * E + e;
        let nextV = value[i + E]!;
        let cont = 1;
        if (done[i]) {
          cont = 0;
          nextV = 0;
        }
        const r = reward[i]! + (trunc[i] ? gamma * value[i]! : 0);
        const delta = r + gamma * nextV * cont - value[i]!;
        gae = delta + gamma * lambda * cont * gae;
        adv[i] = gae;
        ret[i] = gae + value[i]!;
      }
    }
    return { obs, mask, action, logp, adv, ret, meanReturn: returns.length ? returns.reduce((a, b) => a + b, 0) / returns.length : undefined };
  }

  dispose(): void {
    this.policyNet.dispose();
    this.value.dispose();
    this.optimizer.dispose();
  }
}

function shuffle(a: Int32Array, rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}

function normaliseAdv(a: Float32Array): void {
  let m = 0;
  for (const v of a) m += v;
  m /= a.length;
  let s = 0;
  for (const v of a) s += (v - m) ** 2;
  const sd = Math.sqrt(s / a.length) + 1e-8;
  for (let i = 0; i < a.length; i++) a[i] = (a[i]! - m) / sd;
}

function clipByGlobalNorm(grads: tf.NamedTensorMap, maxNorm: number): tf.NamedTensorMap {
  return tf.tidy(() => {
    const total = Math.sqrt(Object.values(grads).reduce((s, g) => s + g.square().sum().dataSync()[0]!, 0));
    const scale = total > maxNorm ? maxNorm / total : 1;
    const out: tf.NamedTensorMap = {};
    for (const [k, g] of Object.entries(grads)) out[k] = g.mul(scale);
    return out;
  });
}
