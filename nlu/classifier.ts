// Dealer-act classifier: learned act + confidence from hashed word/char features, language
// detection, and the safety rules on top (they override the learned act when they fire).
import { DEALER_ACTS, type DealerAct, type SafetyFlag } from '../core/acts.js';
import { Rng } from '../lib/random.js';
import { type LabelledExample, loadDataset, splitDataset } from './dataset.js';
import type { Lang } from '../core/lang.js';
import { datasetFingerprint, type ModelMeta, readModelFile } from './model-file.js';
import { type SafetyRule, checkSafety, flagFor } from './safety.js';
import { DEFAULT_TRAIN, SoftmaxModel, type TrainOptions } from './softmax-model.js';
import { FEATURE_DIM, type FeatureOptions, TextFeaturizer } from './text-features.js';

export interface Classification {
  text: string;
  act: DealerAct;
  /** probability of `act` under the model, in [0,1]; 1 when a safety rule decided the act */
  confidence: number;
  lang: Lang;
  safety: SafetyFlag;
}

export interface ExplainedClassification extends Classification {
  /** act and probability the model gave before the safety rules */
  model: { act: DealerAct; confidence: number };
  /** safety rule groups that fired */
  rules: SafetyRule[];
}

export const NLU_SEED = 20191024;

/**
 * A concatenated SMS is at most ~1,600 characters. Longer input (a paste, an abuse of a webhook)
 * is classified on its first MAX_CHARS, and the safety rules also read its last MAX_CHARS, so
 * cost stays bounded and a trailing "STOP" is still seen.
 */
export const MAX_CHARS = 4000;

export interface DealerActClassifier {
  classify(text: string): Classification;
  explain(text: string): ExplainedClassification;
  /** number of labelled examples the model was trained on */
  readonly trainedOn: number;
}

export type ClassifierTrainOptions = Partial<Omit<TrainOptions, 'rng'>> & { seed?: number; features?: Partial<FeatureOptions> };

/** Trains the softmax model on the given examples (deterministic for a given seed). */
export function trainModel(examples: readonly LabelledExample[], opts: ClassifierTrainOptions = {}): { model: SoftmaxModel; featurizer: TextFeaturizer; meta: ModelMeta } {
  const featurizer = new TextFeaturizer(opts.features);
  const { seed = NLU_SEED, features: _features, ...rest } = opts;
  const train = { ...DEFAULT_TRAIN, ...rest };
  const xs = examples.map((e) => featurizer.extract(e.text));
  const ys = examples.map((e) => DEALER_ACTS.indexOf(e.act));
  const model = SoftmaxModel.train(xs, ys, FEATURE_DIM, DEALER_ACTS.length, { ...train, rng: new Rng(seed) });
  return { model, featurizer, meta: { seed, train, examples: examples.length, dataset: datasetFingerprint(examples), features: featurizer.options } };
}

/** Trains a classifier on the given examples (deterministic for a given seed). */
export function createClassifier(examples: readonly LabelledExample[], opts: ClassifierTrainOptions = {}): DealerActClassifier {
  const { model, featurizer } = trainModel(examples, opts);
  return classifierFromModel(model, featurizer, examples.length);
}

/** A classifier around an already trained model (e.g. read from the shipped model file). */
export function classifierFromModel(model: SoftmaxModel, featurizer: TextFeaturizer, trainedOn: number): DealerActClassifier {
  const probs = new Float64Array(DEALER_ACTS.length);

  function explain(text: string): ExplainedClassification {
    const head = text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text;
    const x = featurizer.extract(head);
    model.probabilities(x, probs);
    let best = 0;
    for (let c = 1; c < probs.length; c++) if (probs[c]! > probs[best]!) best = c;
    const modelAct = DEALER_ACTS[best]!;
    const modelConfidence = probs[best]!;
    const { rules } = checkSafety(head);
    if (text.length > MAX_CHARS) {
      for (const r of checkSafety(text.slice(-MAX_CHARS)).rules) if (!rules.includes(r)) rules.push(r);
    }
    let act = modelAct;
    let confidence = modelConfidence;
    if (rules.includes('threat')) {
      act = 'threat';
      confidence = 1;
    } else if (rules.includes('opt_out')) {
      act = 'opt_out';
      confidence = 1;
    }
    // the model's own opt_out/threat also raise the flag: recall over precision
    const all: SafetyRule[] = [...rules];
    if (act === 'threat' && !all.includes('threat')) all.push('threat');
    if (act === 'opt_out' && !all.includes('opt_out')) all.push('opt_out');
    return { text, act, confidence, lang: x.lang, safety: flagFor(all), model: { act: modelAct, confidence: modelConfidence }, rules };
  }

  return {
    explain,
    classify(text: string): Classification {
      const r = explain(text);
      return { text: r.text, act: r.act, confidence: Math.round(r.confidence * 1e4) / 1e4, lang: r.lang, safety: r.safety };
    },
    trainedOn,
  };
}

let shipped: DealerActClassifier | undefined;

/**
 * The classifier the runtime and the simulator use: the model trained on the whole shipped data
 * set (train + held-out; evaluation uses `createClassifier(split.train)` instead), read from
 * nlu/model.json once per process. `npm run nlu:train` regenerates that file; a test fails
 * when it is stale against the data set or the feature code.
 */
export function loadClassifier(): DealerActClassifier {
  if (!shipped) {
    const { model, featurizer, meta } = readModelFile();
    shipped = classifierFromModel(model, featurizer, meta.examples);
  }
  return shipped;
}

/** The evaluation classifier: trained on the train side of the fixed split only. */
export function loadEvaluationClassifier(examples = loadDataset()): { classifier: DealerActClassifier; heldOut: LabelledExample[] } {
  const { train, heldOut } = splitDataset(examples);
  return { classifier: createClassifier(train), heldOut };
}
