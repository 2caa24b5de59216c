// The one call the `evaluate` command needs: every estimator with a 95% interval, the
// weight diagnostics, the logging policy's own value on the same data, and plain warnings when
// the data cannot support an answer.
import { meanCi95 } from '../../lib/ci.js';
import type { LoggedEpisode } from '../episodes.js';
import { bootstrapDraws, bootstrapSeInterval } from './bootstrap.js';
import { deltaInterval95 } from './delta-interval.js';
import { drInfluence, drStatistic, wdrInfluence, wdrStatistic } from './doubly-robust.js';
import { fqeEpisodeTerms, type FqeRefitter } from './fqe-common.js';
import { forestFqe, type ForestFqeOptions } from './fqe-forest.js';
import { linearFqe, type LinearFqeOptions } from './fqe-linear.js';
import {
  isInfluence,
  isStatistic,
  pdisInfluence,
  pdisStatistic,
  wisInfluence,
  wisStatistic,
  wpdisInfluence,
  wpdisStatistic,
} from './importance-sampling.js';
import type { PolicyProbabilities } from './policy.js';
import { prepareData } from './prepared-data.js';
import { centred, countedMean, type Statistic } from './statistic.js';
import { MIN_ESS, MIN_ESS_SHARE, supportOf, type Support } from './support.js';
import { weightDiagnostics } from './weight-diagnostics.js';

export interface EvaluateOptions {
  /** discount per decision (default 1: undiscounted dealer-minutes) */
  gamma?: number;
  /**
   * FQE's interval: 'influence' (the forest's first-order refit, one adjoint solve; the default
   * where the model has it) or 'bootstrap' (refit Q̂ per resample; the linear model's only way)
   */
  fqeInterval?: 'influence' | 'bootstrap';
  /** bootstrap resamples for FQE's interval, each refitting Q̂ (default 200; capped by fqeRefitBudget) */
  resamples?: number;
  /** seeds the bootstrap and FQE's fitting subset (default 1) */
  seed?: number;
  /** estimated behaviour probabilities (a BC model) instead of logged propensities */
  behaviour?: PolicyProbabilities;
  /** Q̂'s model and its settings (default: the forest, see fqe-forest.ts) */
  fqe?: { model?: FqeModel } & Omit<LinearFqeOptions & ForestFqeOptions, 'seed'>;
  /**
   * Most operations spent on FQE's refits (default 1e10, about 10–20 s of one core), counted as
   * refits × the first refit's cost. Fewer refits are made when the data are large; below
   * MIN_FQE_REFITS, Q̂ is held fixed and FQE's interval leaves out Q̂'s own uncertainty (a
   * warning says so). 0 turns refitting off.
   */
  fqeRefitBudget?: number;
  /** told when a long stage starts (preparing, fitting Q̂, the interval), and null at the end: the CLI prints it */
  progress?: (stage: string | null) => void;
  /** the target was trained on these logs (in-sample.ts): say so, and read its weights accordingly */
  inSample?: InSample | null;
}

/**
 * How we know the target policy was trained on the logs it is evaluated on: the file's sha256
 * equals the one its bundle recorded, or (for a bundle that recorded none) the path is the same;
 * `changed`: the same path, but the content differs from what was trained on.
 */
export interface InSample {
  how: 'sha256' | 'path' | 'changed';
  /** the training data as the bundle names it (policy.json training.data) */
  trainedOn: string | null;
}

/** forest: extremely randomised trees (default); linear: ridge on the features (fast, can extrapolate) */
export const FQE_MODELS = ['forest', 'linear'] as const;
export type FqeModel = (typeof FQE_MODELS)[number];

export const ESTIMATORS = ['is', 'wis', 'pdis', 'wpdis', 'dr', 'wdr', 'fqe'] as const;
export type EstimatorName = (typeof ESTIMATORS)[number];

/** How an interval was made: see delta-interval.ts and bootstrap.ts. */
export type IntervalMethod = 'student-t' | 'delta-method' | 'influence-refit' | 'bootstrap-se' | 'student-t-fixed-q';

export interface Estimate {
  value: number;
  ci95: [number, number];
  interval: IntervalMethod;
}

export interface OpeReport {
  estimators: Record<EstimatorName, Estimate>;
  /** mean return of the logged conversations (the logging policy's value), Student-t 95% CI */
  behaviour: { value: number; ci95: [number, number] };
  /** (Σ W)² / Σ W² over trajectory weights: how many conversations the IS estimates really rest on */
  ess: number;
  zero_weight_share: number;
  max_weight: number;
  /** mean trajectory weight (should be ≈ 1; see weight-diagnostics.ts) */
  mean_weight: number;
  /** whether the logs can support an answer for this target (support.ts) */
  support: Support;
  n: number;
  decisions: number;
  gamma: number;
  propensities: 'logged' | 'estimated';
  /** FQE's refit bootstrap: resamples actually made (0 with influence values or when Q̂ was held fixed) */
  bootstrap: { resamples: number; seed: number };
  fqe_fit: { model: FqeModel; iterations: number; converged: boolean; decisions: number };
  /** the target was trained on these very logs (`changed`: on an earlier version of this file), else null */
  in_sample: InSample['how'] | null;
  warnings: string[];
}

/** fewer refits than this give too rough a standard error to quote */
export const MIN_FQE_REFITS = 20;

export function evaluatePolicy(episodes: readonly LoggedEpisode[], target: PolicyProbabilities, opts: EvaluateOptions = {}): OpeReport {
  const seed = opts.seed ?? 1;
  const progress = opts.progress ?? (() => {});
  progress(`querying the target policy at ${episodes.length} conversations' decisions`);
  const d = prepareData(episodes, target, { gamma: opts.gamma, behaviour: opts.behaviour });
  const model = opts.fqe?.model ?? 'forest';
  progress(`fitting FQE (${model}) on ${d.nSteps} decisions or a subset`);
  const fqe: FqeRefitter = model === 'linear' ? linearFqe(d, { ...opts.fqe, seed }) : forestFqe(d, { ...opts.fqe, seed });
  const qv = fqe.fit;
  const fqeTerms = fqeEpisodeTerms(d, qv);

  // Q̂ fitted on the same data is fine for DR and WDR: their sensitivity to Q̂ has mean zero
  // whatever Q̂ is, so holding it fixed in the interval costs only second-order terms.
  const closedForm: [Exclude<EstimatorName, 'fqe'>, Statistic, Float64Array, IntervalMethod][] = [
    ['is', isStatistic(d), isInfluence(d), 'student-t'],
    ['wis', wisStatistic(d), wisInfluence(d), 'delta-method'],
    ['pdis', pdisStatistic(d), pdisInfluence(d), 'student-t'],
    ['wpdis', wpdisStatistic(d), wpdisInfluence(d), 'delta-method'],
    ['dr', drStatistic(d, qv), drInfluence(d, qv), 'student-t'],
    ['wdr', wdrStatistic(d, qv), wdrInfluence(d, qv), 'delta-method'],
  ];
  const estimators = {} as Record<EstimatorName, Estimate>;
  for (const [k, statistic, influence, interval] of closedForm) {
    const value = statistic();
    estimators[k] = { value, ci95: deltaInterval95(value, influence), interval };
  }

  // FQE: the direct method's error is Q̂'s error, so its interval must refit Q̂ (to first order
  // through influence values, or per bootstrap resample)
  const fqeValue = countedMean(fqeTerms, undefined);
  const byInfluence = fqe.influence && (opts.fqeInterval ?? 'influence') === 'influence';
  let fqeRefits = 0;
  let refitsAllowed = 0;
  progress(byInfluence ? "FQE's interval: influence values (one adjoint solve)" : `FQE's interval: up to ${opts.resamples ?? 200} refits`);
  if (byInfluence) {
    estimators.fqe = { value: fqeValue, ci95: deltaInterval95(fqeValue, fqe.influence!()), interval: 'influence-refit' };
  } else {
    // Refits start warm, far below the first fit's cost: the refits made so far price the next one.
    const budget = opts.fqeRefitBudget ?? 1e10;
    let spent = 0;
    const draws = bootstrapDraws(
      (counts) => {
        const refitted = fqe.refit(counts);
        spent += refitted.cost;
        return countedMean(fqeEpisodeTerms(d, refitted), counts);
      },
      d.n,
      { resamples: budget > 0 ? (opts.resamples ?? 200) : 0, seed, shouldStop: (done) => spent + spent / done > budget },
    );
    refitsAllowed = draws.length;
    if (draws.length >= MIN_FQE_REFITS) {
      estimators.fqe = { value: fqeValue, ci95: bootstrapSeInterval(fqeValue, draws), interval: 'bootstrap-se' };
      fqeRefits = draws.length;
    } else {
      estimators.fqe = { value: fqeValue, ci95: deltaInterval95(fqeValue, centred(fqeTerms)), interval: 'student-t-fixed-q' };
    }
  }

  progress(null);
  const returns = new Float64Array(d.n);
  for (let i = 0; i < d.n; i++) returns[i] = d.initial[i]! + d.decisionReturn[i]!;
  const logged = meanCi95(returns);
  const diag = weightDiagnostics(d.episodeWeight);

  const warnings: string[] = [];
  const inSample = opts.inSample ?? null;
  if (inSample) warnings.push(inSampleWarning(inSample));
  if (d.propensities === 'estimated') {
    warnings.push('propensities are estimated (a fitted behaviour policy), not logged: every figure rests on that model being right');
  }
  if (diag.ess < MIN_ESS) {
    warnings.push(
      `effective sample size ${diag.ess.toFixed(1)} < ${MIN_ESS}: the logs cannot support an importance-weighted estimate for this policy (it differs too much from the logging policy)`,
    );
  }
  else if (diag.ess < MIN_ESS_SHARE * d.n) {
    warnings.push(
      `effective sample size ${diag.ess.toFixed(0)} is ${((100 * diag.ess) / d.n).toFixed(1)}% of the ${d.n} conversations: the weights are heavy-tailed, so IS, WIS, PDIS and WPDIS rest on a few conversations and their intervals can miss; read DR/WDR`,
    );
  }
  if (diag.zeroWeightShare > 0.5) {
    warnings.push(
      `${(100 * diag.zeroWeightShare).toFixed(0)}% of conversations have weight 0: the target policy would never have made their logged decisions, so IS-family estimates rest on the rest`,
    );
  }
  if (diag.maxWeightShare > 0.5 && d.n > 2) {
    warnings.push(`one conversation carries ${(100 * diag.maxWeightShare).toFixed(0)}% of the total weight: IS, PDIS and DR hinge on it`);
  }
  if (Math.abs(diag.meanWeight - 1) > 3 * diag.meanWeightSe + 0.05) {
    warnings.push(
      `the trajectory weights average ${diag.meanWeight.toFixed(3)} (± ${diag.meanWeightSe.toFixed(3)}), not 1: ` +
        (diag.meanWeight < 1
          ? "the target's likely conversations are missing from the logs (or the propensities are wrong): IS and PDIS run low with too narrow intervals, and FQE, DR and WDR extrapolate"
          : inSample && inSample.how !== 'changed'
            ? 'expected in-sample: the policy was fitted to these logged decisions, so it gives them more probability than the logging policy did; the weights and estimates are optimistic, not a sign of wrong propensities: evaluate on held-out logs'
            : 'the propensities look wrong (or a rare heavy weight was drawn): IS and PDIS are off and their intervals too narrow'),
    );
  }
  if (estimators.fqe.interval === 'student-t-fixed-q') {
    warnings.push(
      `FQE's interval holds the fitted Q̂ fixed (${refitsAllowed} refits allowed by the resamples and the cost budget, ${MIN_FQE_REFITS} needed): it leaves out Q̂'s own uncertainty and is too narrow`,
    );
  }
  if (!qv.converged) warnings.push(`FQE did not converge in ${qv.iterations} iterations: read fqe, dr and wdr with care`);

  return {
    estimators,
    behaviour: { value: logged.mean, ci95: logged.ci95 },
    ess: diag.ess,
    zero_weight_share: diag.zeroWeightShare,
    max_weight: diag.maxWeight,
    mean_weight: diag.meanWeight,
    support: supportOf(diag, d.n),
    n: d.n,
    decisions: d.nSteps,
    gamma: d.gamma,
    propensities: d.propensities,
    bootstrap: { resamples: fqeRefits, seed },
    fqe_fit: { model, iterations: qv.iterations, converged: qv.converged, decisions: qv.fitSteps },
    in_sample: inSample?.how ?? null,
    warnings,
  };
}

function inSampleWarning(s: InSample): string {
  const data = s.trainedOn === null ? 'its training data' : `its training data ${JSON.stringify(s.trainedOn)}`;
  if (s.how === 'changed') {
    return `the policy was trained on a file at this path (${data}, policy.json) whose content has changed since (another sha256): if the file still holds the training conversations, part of this evaluation is in-sample and optimistic; evaluate on logs the policy was not trained on`;
  }
  const known = s.how === 'sha256' ? 'these bytes are the file its bundle recorded (training.data_sha256)' : `the path is ${data} (policy.json records no sha256 of it)`;
  return `in-sample evaluation: the policy was trained on these very logs (${known}): it was fitted to these decisions, so its importance weights and every estimate here are optimistic (biased upwards), whatever the intervals say; evaluate on held-out logs (conversations it was not trained on), or simulate it (--sim)`;
}
