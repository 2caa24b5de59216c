// Builds the shipped safety model file: trains on data/safety/train.jsonl plus the train side of
// the dealer-act data set (data.ts), calibrates on data/safety/validation.jsonl and chooses the
// thresholds on validation plus out-of-fold scores of the training lines (model.ts). Called by
// `npm run nlu:train` (nlu/train-model.ts).
//
// Out of fold: the model is trained once more without each writer's block of train.jsonl
// (train-sources.json), calibrated on validation, and scores the block it did not see. A
// threshold is then chosen on ~5,000 messages scored as new messages are (by a model that never
// saw their writer) instead of on validation's 639 alone, where the budget of 1% of the ordinary
// lines was one or two lines and each threshold hung on the one or two highest-scored of them.
// Deterministic: the same data, rules and code give the same bytes (model-file.test.ts checks it).
import { DEFAULT_FEATURES, TextFeaturizer } from '../text-features.js';
import { loadSafetySet, safetyTrainingSet, type SafetyExample } from './data.js';
import {
  calibrate,
  createScorer,
  DEFAULT_SAFETY_TRAIN,
  fitCalibration,
  fitOperatingPoints,
  safetyDatasetFingerprint,
  type SafetyFeatureWeights,
  type SafetyTrainOptions,
  type ScoredExample,
  trainSafetyModel,
} from './model.js';
import { encodeSafetyModel, type LoadedSafetyModel, rulesFingerprint } from './model-file.js';
import { groupBySource, loadTrainSources } from './sources.js';

export interface SafetyBuildInput {
  /** the lines of train.jsonl grouped by writer (default: train-sources.json); ignored when `training` is given */
  blocks?: readonly (readonly SafetyExample[])[];
  /** a training set to use as it is, without out-of-fold scores (tests) */
  training?: readonly SafetyExample[];
  validation?: readonly SafetyExample[];
  train?: SafetyTrainOptions;
  features?: Partial<typeof DEFAULT_FEATURES>;
  /** share of the ordinary lines the thresholds may flag (model.ts FALSE_ALARM_BUDGET) */
  falseAlarmBudget?: number;
  /** texts kept out of everything learnt from, act data included (a cross-validation's held-out block) */
  exclude?: readonly SafetyExample[];
}

export function fitSafetyModel(input: SafetyBuildInput = {}): LoadedSafetyModel {
  return fitSafetyModelBudgets(input, [input.falseAlarmBudget])[0]!;
}

/**
 * One training (model and out-of-fold scores) with the thresholds chosen for each of several
 * false-alarm budgets (`undefined`: model.ts FALSE_ALARM_BUDGET); for comparing budgets in
 * scripts/bench/safety-cv.ts without retraining per budget.
 */
export function fitSafetyModelBudgets(input: SafetyBuildInput, budgets: readonly (number | undefined)[]): LoadedSafetyModel[] {
  const validation = input.validation ?? loadSafetySet('validation');
  const blocks = input.training ? undefined : (input.blocks ?? [...groupBySource(loadSafetySet('train'), loadTrainSources()).values()]);
  const excluded = [...validation, ...(input.exclude ?? [])];
  const training = input.training ?? safetyTrainingSet({ train: blocks!.flat(), exclude: excluded });
  const train = input.train ?? DEFAULT_SAFETY_TRAIN;
  // the act classifier's feature options, so that the classifier can hand its features over
  const featurizer = new TextFeaturizer({ ...DEFAULT_FEATURES, ...input.features });
  const weights: SafetyFeatureWeights = { safetyCueWeight: train.safetyCueWeight, conceptWeight: train.conceptWeight, pairWeight: train.pairWeight };
  const model = trainSafetyModel(training, featurizer, train);
  const unseen = blocks ? outOfFoldScores(blocks, validation, featurizer, weights, train, excluded) : undefined;
  const scorer = createScorer(model, featurizer, weights);
  return budgets.map((falseAlarmBudget) => {
    const { calibration, thresholds } = fitOperatingPoints(scorer, validation, { falseAlarmBudget, unseen });
    return {
      model,
      featurizer,
      weights,
      calibration,
      thresholds,
      meta: {
        train,
        examples: training.length,
        dataset: safetyDatasetFingerprint(training),
        validation: { examples: validation.length, dataset: safetyDatasetFingerprint(validation) },
        rules: rulesFingerprint(),
      },
    };
  });
}

/** Each block scored by a model trained without it (its texts also kept out of the act data), calibrated on validation. */
export function outOfFoldScores(
  blocks: readonly (readonly SafetyExample[])[],
  validation: readonly SafetyExample[],
  featurizer: TextFeaturizer,
  weights: SafetyFeatureWeights,
  train: SafetyTrainOptions,
  /** kept out of every fold's training (validation at least) */
  excluded: readonly SafetyExample[] = validation,
): ScoredExample[] {
  if (blocks.length < 2) return [];
  const out = new Set(excluded.map((e) => e.text.trim().toLowerCase()));
  return blocks.flatMap((held, b) => {
    const rest = blocks.flatMap((g, i) => (i === b ? [] : g));
    const scorer = createScorer(trainSafetyModel(safetyTrainingSet({ train: rest, exclude: [...excluded, ...held] }), featurizer, train), featurizer, weights);
    const calibration = fitCalibration(scorer, validation);
    return held.filter((e) => !out.has(e.text.trim().toLowerCase())).map((example) => ({ example, scores: calibrate(calibration, scorer.raw(example.text)) }));
  });
}

/** The text of nlu/safety/model.json for the shipped data. */
export function buildSafetyModel(input: SafetyBuildInput = {}): string {
  return encodeSafetyModel(fitSafetyModel(input));
}
