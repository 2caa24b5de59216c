// The policy interface OPE evaluates: action probabilities for one decision context. A bundle at
// its temperature/epsilon, a baseline, or a fitted behaviour model (BC) all take this form.

/** Probabilities over the action list (same order and length as the mask); must sum to one. */
export type PolicyProbabilities = (obs: Float32Array, mask: Uint8Array) => Float64Array;
