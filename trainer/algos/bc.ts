// Behaviour cloning: masked cross-entropy on the logged tactics. Also the behaviour-policy
// estimate for off-policy evaluation when logs carry no propensities.
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../lib/random.js';
import { buildMlp } from '../../models/mlp.js';
import type { Normalisation } from '../../core/features/normalisation.js';
import { COMMON_COUNTS, COMMON_DEFAULTS, iterationSeed, trainableVars, type CommonConfig, type IterationMetrics, type Learner } from './learner.js';
import { maskedEntropy, maskedLogSoftmax, pick } from './masked.js';
import { settingsSpec } from './settings.js';
import { applyMlp } from './mlp-apply.js';
import { disposeBatch, type Transitions } from './transitions.js';

/** Behaviour cloning has no returns to discount: no gamma. */
export type BcConfig = Omit<CommonConfig, 'gamma'>;
export const BC_DEFAULTS: Omit<BcConfig, 'seed'> = { hidden: COMMON_DEFAULTS.hidden, lr: COMMON_DEFAULTS.lr, batchSize: COMMON_DEFAULTS.batchSize };
export const BC_SETTINGS = settingsSpec('bc', BC_DEFAULTS, COMMON_COUNTS);

export class BcLearner implements Learner {
  readonly algo = 'bc' as const;
  readonly output = 'logits' as const;
  readonly policyNet: tf.LayersModel;
  readonly nets: Record<string, tf.LayersModel>;
  readonly optimizer: tf.Optimizer;
  private readonly vars: tf.Variable[];
  private gradSteps = 0;

  constructor(
    readonly cfg: BcConfig,
    readonly norm: Normalisation,
    readonly data: Transitions,
  ) {
    this.policyNet = buildMlp({ inputSize: data.obsSize, hidden: cfg.hidden, outputs: data.numActions }, new Rng(cfg.seed).fork('pi'));
    this.nets = { pi: this.policyNet };
    this.optimizer = tf.train.adam(cfg.lr);
    this.vars = trainableVars(this.policyNet);
  }

  iterate(it: number): IterationMetrics {
    const rng = new Rng(iterationSeed(this.cfg.seed, it));
    const b = this.data.sample(rng, Math.min(this.cfg.batchSize, this.data.size));
    let entropy = NaN;
    let accuracy = NaN;
    const lossT = this.optimizer.minimize(
      () => {
        const logits = applyMlp(this.policyNet, b.obs);
        const logp = maskedLogSoftmax(logits, b.mask);
        entropy = maskedEntropy(logp, b.mask).mean().dataSync()[0]!;
        accuracy = logp.argMax(1).equal(b.action).cast('float32').mean().dataSync()[0]!;
        return pick(logp, b.action, this.data.numActions).mean().neg() as tf.Scalar;
      },
      true,
      this.vars,
    )!;
    const loss = lossT.dataSync()[0]!;
    lossT.dispose();
    disposeBatch(b);
    this.gradSteps++;
    return { loss, entropy, accuracy, grad_steps: this.gradSteps };
  }

  counters(): Record<string, number> {
    return { grad_steps: this.gradSteps };
  }

  restored(_it: number, counters: Record<string, number>): void {
    this.gradSteps = counters.grad_steps ?? 0;
  }

  dispose(): void {
    this.policyNet.dispose();
    this.optimizer.dispose();
  }
}
