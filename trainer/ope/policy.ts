// The policy interface OPE evaluates: action probabilities for one decision context. A bundle at
// its temperature/epsilon, a baseline, or a fitted behaviour model (BC) all take this form.

import type { LoggedStep } from '../episodes.js';

/**
 * Probabilities over the action list (same order and length as the mask); must sum to one. The
 * logged step is passed too, for policies that read the conversation's events (`step.history`).
 */
export type PolicyProbabilities = (obs: Float32Array, mask: Uint8Array, step?: LoggedStep) => Float64Array;
