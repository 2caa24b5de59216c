// Dealer-act classifier: learned act + confidence from hashed word/char features, language
// detection, and the safety reader (nlu/safety/: rules + a model of its own) for the safety flag.
// The flag never comes from the act model: a learned `threat` or `opt_out` act that the safety
// reader does not confirm gives way to the next most likely act, and an act the reader decides
// (threat, opt_out) overrides the learned one.
import { DEALER_ACTS, type DealerAct, type SafetyFlag } from '../core/acts.js';
import { Rng } from '../lib/random.js';
import { type LabelledExample, loadDataset, splitDataset } from './dataset.js';
import type { Lang } from '../core/lang.js';
import { datasetFingerprint, type ModelMeta, readModelFile } from './model-file.js';
import { featureKeyOf, loadSafetyReader, MAX_CHARS, type SafetyReader, type SafetyReason } from './safety/reader.js';
import type { SafetyCategory } from './safety/rules.js';
import { DEFAULT_TRAIN, SoftmaxModel, type TrainOptions } from './softmax-model.js';
import { FEATURE_DIM, type FeatureOptions, TextFeaturizer } from './text-features.js';

export { MAX_CHARS };

export interface Classification {
  text: string;
  act: DealerAct;
  /** probability of `act` under the act model, in [0,1]; 1 when a safety rule decided the act,
   *  the safety reader's calibrated probability when its score did */
  confidence: number;
  lang: Lang;
  safety: SafetyFlag;
  /** why the flag was raised (null without a flag): a named rule, or a score above its threshold */
  safety_reason: SafetyReason | null;
  /** the first-message promo gate (hard rule 1) on the scale of the runtime's promoThreshold (0.7 = engage) */
  promo: number;
}

export interface ExplainedClassification extends Classification {
  /** act and probability the act model gave before the safety reader */
  model: { act: DealerAct; confidence: number };
  /** safety categories whose rules fired */
  rules: SafetyCategory[];
  /** every category that fired, with its reason */
  safety_reasons: SafetyReason[];
  /** the safety reader's calibrated probabilities */
  safety_scores: Record<SafetyCategory, number>;
  /** the calibrated promo probability behind `promo` */
  promo_probability: number;
}

export const NLU_SEED = 20191024;

export interface DealerActClassifier {
  classify(text: string): Classification;
  explain(text: string): ExplainedClassification;
  /** number of labelled examples the model was trained on */
  readonly trainedOn: number;
}

export type ClassifierTrainOptions = Partial<Omit<TrainOptions, 'rng'>> & { seed?: number; features?: Partial<FeatureOptions>; safety?: SafetyReader };

/** Trains the softmax model on the given examples (deterministic for a given seed). */
export function trainModel(examples: readonly LabelledExample[], opts: ClassifierTrainOptions = {}): { model: SoftmaxModel; featurizer: TextFeaturizer; meta: ModelMeta } {
  const featurizer = new TextFeaturizer(opts.features);
  const { seed = NLU_SEED, features: _features, safety: _safety, ...rest } = opts;
  const train = { ...DEFAULT_TRAIN, ...rest };
  const xs = examples.map((e) => featurizer.extract(e.text));
  const ys = examples.map((e) => DEALER_ACTS.indexOf(e.act));
  const model = SoftmaxModel.train(xs, ys, FEATURE_DIM, DEALER_ACTS.length, { ...train, rng: new Rng(seed) });
  return { model, featurizer, meta: { seed, train, examples: examples.length, dataset: datasetFingerprint(examples), features: featurizer.options } };
}

/** Trains a classifier on the given examples (deterministic for a given seed). */
export function createClassifier(examples: readonly LabelledExample[], opts: ClassifierTrainOptions = {}): DealerActClassifier {
  const { model, featurizer } = trainModel(examples, opts);
  return classifierFromModel(model, featurizer, examples.length, opts.safety);
}

const SAFETY_ACTS: ReadonlySet<DealerAct> = new Set(['threat', 'opt_out']);

/** A classifier around an already trained model (e.g. read from the shipped model file). */
export function classifierFromModel(model: SoftmaxModel, featurizer: TextFeaturizer, trainedOn: number, safety: SafetyReader = loadSafetyReader()): DealerActClassifier {
  const probs = new Float64Array(DEALER_ACTS.length);
  // the safety model was trained on the same hashed features: hand them over instead of recomputing
  const shareFeatures = safety.featureKey === featureKeyOf(featurizer.options);

  function explain(text: string): ExplainedClassification {
    const head = text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text;
    const x = featurizer.extract(head);
    model.probabilities(x, probs);
    let best = 0;
    for (let c = 1; c < probs.length; c++) if (probs[c]! > probs[best]!) best = c;
    const modelAct = DEALER_ACTS[best]!;
    const modelConfidence = probs[best]!;
    const reading = safety.read(text, shareFeatures ? x : undefined);
    const fired = (c: SafetyCategory) => reading.reasons.find((r) => r.category === c);
    const decidedBy = fired('threat') ?? fired('opt_out');
    let act = modelAct;
    let confidence = modelConfidence;
    if (decidedBy) {
      act = decidedBy.category as DealerAct;
      confidence = 'rule' in decidedBy ? 1 : reading.scores[decidedBy.category];
    } else if (SAFETY_ACTS.has(modelAct)) {
      // the act model alone never decides a safety act: take its most likely other act
      let alt = -1;
      for (let c = 0; c < probs.length; c++) if (!SAFETY_ACTS.has(DEALER_ACTS[c]!) && (alt < 0 || probs[c]! > probs[alt]!)) alt = c;
      act = DEALER_ACTS[alt]!;
      confidence = probs[alt]!;
    }
    return {
      text,
      act,
      confidence,
      lang: x.lang,
      safety: reading.flag,
      safety_reason: reading.reason,
      promo: reading.promo,
      model: { act: modelAct, confidence: modelConfidence },
      rules: reading.reasons.flatMap((r) => ('rule' in r ? [r.category] : [])),
      safety_reasons: reading.reasons,
      safety_scores: reading.scores,
      promo_probability: reading.promoProbability,
    };
  }

  return {
    explain,
    classify(text: string): Classification {
      const r = explain(text);
      return {
        text: r.text,
        act: r.act,
        confidence: round4(r.confidence),
        lang: r.lang,
        safety: r.safety,
        safety_reason: r.safety_reason,
        promo: round4(r.promo),
      };
    },
    trainedOn,
  };
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

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
