// State features v1: the public surface used by the trainer, the simulator and the runtime.
export { FEATURES_VERSION, FEATURE_NAMES, FEATURE_SIZE, featureIndex } from './feature-names.js';
export { FeatureEncoderV1, createEncoder } from './encoder.js';
export { encodeConversation, isDecision, toObservedEvent, type EncodedConversation, type ObservedEventOptions } from './replay.js';
export { fitNormalisation, normaliseInto, normalisationProblem, type Normalisation } from './normalisation.js';
