// Builds the shipped safety model file: trains on data/safety/train.jsonl plus the train side of
// the dealer-act data set (data.ts), calibrates and chooses the thresholds on
// data/safety/validation.jsonl (model.ts). Called by `npm run nlu:train` (nlu/train-model.ts).
// Deterministic: the same data, rules and code give the same bytes (model-file.test.ts checks it).
import { DEFAULT_FEATURES, TextFeaturizer } from '../text-features.js';
import { loadSafetySet, safetyTrainingSet, type SafetyExample } from './data.js';
import { createScorer, DEFAULT_SAFETY_TRAIN, fitOperatingPoints, safetyDatasetFingerprint, type SafetyTrainOptions, trainSafetyModel } from './model.js';
import { encodeSafetyModel, type LoadedSafetyModel, rulesFingerprint } from './model-file.js';

export interface SafetyBuildInput {
  training?: readonly SafetyExample[];
  validation?: readonly SafetyExample[];
  train?: SafetyTrainOptions;
  features?: Partial<typeof DEFAULT_FEATURES>;
  /** share of validation's ordinary lines the thresholds may flag (model.ts FALSE_ALARM_BUDGET) */
  falseAlarmBudget?: number;
}

export function fitSafetyModel(input: SafetyBuildInput = {}): LoadedSafetyModel {
  const validation = input.validation ?? loadSafetySet('validation');
  const training = input.training ?? safetyTrainingSet({ exclude: validation });
  const train = input.train ?? DEFAULT_SAFETY_TRAIN;
  // the act classifier's feature options, so that the classifier can hand its features over
  const featurizer = new TextFeaturizer({ ...DEFAULT_FEATURES, ...input.features });
  const weights = { safetyCueWeight: train.safetyCueWeight, conceptWeight: train.conceptWeight };
  const model = trainSafetyModel(training, featurizer, train);
  const { calibration, thresholds } = fitOperatingPoints(createScorer(model, featurizer, weights), validation, { falseAlarmBudget: input.falseAlarmBudget });
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
}

/** The text of nlu/safety/model.json for the shipped data. */
export function buildSafetyModel(input: SafetyBuildInput = {}): string {
  return encodeSafetyModel(fitSafetyModel(input));
}
