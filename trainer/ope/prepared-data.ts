// Logged episodes → flat, validated arrays that every estimator reads. Validation happens once,
// here; the target policy is queried once per logged decision (its probabilities are reused by
// IS weights, FQE's next-state values and DR's control variates).
import type { LoggedEpisode } from '../episodes.js';
import { EpisodeInputError, InsufficientDataError, MissingPropensityError, PolicyOutputError } from './errors.js';
import type { PolicyProbabilities } from './policy.js';

export interface PrepareOptions {
  /** discount per decision; 1 (undiscounted dealer-minutes) by default */
  gamma?: number;
  /** estimated behaviour probabilities (e.g. a BC model); replaces logged propensities everywhere */
  behaviour?: PolicyProbabilities;
}

/** Struct-of-arrays view of the episodes; `s` indexes steps over all episodes, `i` episodes. */
export interface PreparedData {
  n: number;
  nSteps: number;
  nActions: number;
  obsDim: number;
  gamma: number;
  propensities: 'logged' | 'estimated';
  /** steps of episode i are start[i] .. start[i+1]-1 */
  start: Int32Array;
  /** longest episode, in decisions */
  maxLen: number;
  initial: Float64Array;
  /** per step: index within its episode, action, reward, γ^t */
  t: Int32Array;
  action: Int32Array;
  reward: Float64Array;
  discount: Float64Array;
  /** per step: π_e(a_t|s_t) / π_b(a_t|s_t) */
  rho: Float64Array;
  /** per step: cumulative weight w_t = Π_{k≤t} ρ_k, and w_{t-1} (1 at t = 0) */
  w: Float64Array;
  wPrev: Float64Array;
  /** per episode: trajectory weight (1 for an episode without decisions) */
  episodeWeight: Float64Array;
  /** per episode: discounted return of its decisions (initial reward excluded) */
  decisionReturn: Float64Array;
  /** per step × action: target probabilities π_e(·|s_t) (float32: only FQE/DR mixtures read them) */
  targetProbs: Float32Array;
  /** per step: the observation (shared with the episodes, not copied) */
  obs: Float32Array[];
}

const SUM_TOLERANCE = 1e-4;

export function prepareData(episodes: readonly LoggedEpisode[], target: PolicyProbabilities, opts: PrepareOptions = {}): PreparedData {
  const gamma = opts.gamma ?? 1;
  if (!(gamma > 0 && gamma <= 1)) throw new InsufficientDataError(`gamma must be in (0, 1], got ${gamma}`);
  const n = episodes.length;
  if (n < 2) {
    throw new InsufficientDataError(
      `off-policy evaluation needs at least 2 conversations (got ${n}): with one there is no spread, so no confidence interval`,
    );
  }
  let nSteps = 0;
  let maxLen = 0;
  for (const e of episodes) {
    nSteps += e.steps.length;
    maxLen = Math.max(maxLen, e.steps.length);
  }
  const first = episodes.find((e) => e.steps.length > 0)?.steps[0];
  if (!first) throw new InsufficientDataError('no conversation contains a decision: nothing to evaluate');
  const nActions = first.mask.length;
  const obsDim = first.obs.length;

  const start = new Int32Array(n + 1);
  const initial = new Float64Array(n);
  const t = new Int32Array(nSteps);
  const action = new Int32Array(nSteps);
  const reward = new Float64Array(nSteps);
  const discount = new Float64Array(nSteps);
  const rho = new Float64Array(nSteps);
  const w = new Float64Array(nSteps);
  const wPrev = new Float64Array(nSteps);
  const episodeWeight = new Float64Array(n);
  const decisionReturn = new Float64Array(n);
  const targetProbs = new Float32Array(nSteps * nActions);
  const obs: Float32Array[] = new Array(nSteps);

  let s = 0;
  for (let i = 0; i < n; i++) {
    const e = episodes[i]!;
    start[i] = s;
    const r0 = e.initialReward ?? 0;
    if (!Number.isFinite(r0)) throw new EpisodeInputError(e.id, i, undefined, `initialReward is not a finite number (${r0})`);
    initial[i] = r0;
    let cum = 1;
    let g = 1;
    let ret = 0;
    for (let k = 0; k < e.steps.length; k++, s++) {
      const step = e.steps[k]!;
      const bad = (reason: string): EpisodeInputError => new EpisodeInputError(e.id, i, k, reason);
      if (step.mask.length !== nActions) throw bad(`mask has ${step.mask.length} actions, expected ${nActions}`);
      if (step.obs.length !== obsDim) throw bad(`observation has ${step.obs.length} features, expected ${obsDim}`);
      const a = step.action;
      if (!Number.isInteger(a) || a < 0 || a >= nActions) throw bad(`action ${a} is not an index into the ${nActions} actions`);
      if (!step.mask[a]) throw bad(`action ${a} is not allowed by the step's mask (the logging policy could not have chosen it)`);
      if (!Number.isFinite(step.reward)) throw bad(`reward is not a finite number (${step.reward})`);

      let pb: number;
      if (opts.behaviour) {
        const probs = checkedProbabilities(opts.behaviour(step.obs, step.mask, step), step.mask, 'behaviour', e.id, k);
        pb = probs[a]!;
        if (!(pb > 0)) throw bad(`estimated behaviour policy gives probability ${pb} to the logged action ${a}`);
      } else {
        if (step.propensity === undefined || step.propensity === null) throw new MissingPropensityError(e.id, i, k);
        pb = step.propensity;
        if (!(pb > 0 && pb <= 1)) throw bad(`propensity ${pb} is outside (0, 1]`);
      }
      const pe = checkedProbabilities(target(step.obs, step.mask, step), step.mask, 'target', e.id, k);
      for (let j = 0; j < nActions; j++) targetProbs[s * nActions + j] = pe[j]!;

      t[s] = k;
      action[s] = a;
      reward[s] = step.reward;
      discount[s] = g;
      rho[s] = pe[a]! / pb;
      wPrev[s] = cum;
      cum *= rho[s]!;
      w[s] = cum;
      obs[s] = step.obs;
      ret += g * step.reward;
      g *= gamma;
    }
    episodeWeight[i] = cum;
    decisionReturn[i] = ret;
  }
  start[n] = s;
  return {
    n, nSteps, nActions, obsDim, gamma, maxLen,
    propensities: opts.behaviour ? 'estimated' : 'logged',
    start, initial, t, action, reward, discount, rho, w, wPrev, episodeWeight, decisionReturn, targetProbs, obs,
  };
}

function checkedProbabilities(p: Float64Array, mask: Uint8Array, who: string, episodeId: string, step: number): Float64Array {
  const where = `${who} policy at episode ${episodeId} step ${step}`;
  if (p.length !== mask.length) throw new PolicyOutputError(`${where}: returned ${p.length} probabilities for ${mask.length} actions`);
  let sum = 0;
  for (let j = 0; j < p.length; j++) {
    const v = p[j]!;
    if (!(v >= 0 && v <= 1)) throw new PolicyOutputError(`${where}: probability ${v} of action ${j} is outside [0, 1]`);
    // mass on a masked action has no logged counterpart: IS would silently drop it
    if (v > 1e-9 && !mask[j]) throw new PolicyOutputError(`${where}: gives probability ${v} to action ${j}, which the mask forbids`);
    sum += v;
  }
  if (Math.abs(sum - 1) > SUM_TOLERANCE) throw new PolicyOutputError(`${where}: probabilities sum to ${sum}, not 1`);
  return p;
}
