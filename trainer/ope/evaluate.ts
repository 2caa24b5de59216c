// The one call the `evaluate` command needs: every estimator with bootstrap intervals, the
// weight diagnostics, the logging policy's own value on the same data, and plain warnings when
// the data cannot support an answer.
import { meanCi95 } from '../../data/ci.js';
import type { LoggedEpisode } from '../episodes.js';
import { bootstrapCi95, jointBootstrapCi95 } from './bootstrap.js';
import { drStatistic, wdrStatistic } from './doubly-robust.js';
import { fitFqe, fqeEpisodeTerms, fqeRefitter, type FqeOptions } from './fqe.js';
import { isStatistic, pdisStatistic, wisStatistic, wpdisStatistic } from './importance-sampling.js';
import type { PolicyProbabilities } from './policy.js';
import { prepareData } from './prepared-data.js';
import { countedMean, type Statistic } from './statistic.js';
import { weightDiagnostics } from './weight-diagnostics.js';

export interface EvaluateOptions {
  /** discount per decision (default 1: undiscounted dealer-minutes) */
  gamma?: number;
  /** bootstrap resamples (default 200) */
  resamples?: number;
  /** seeds the bootstrap and FQE's fitting subset (default 1) */
  seed?: number;
  /** estimated behaviour probabilities (a BC model) instead of logged propensities */
  behaviour?: PolicyProbabilities;
  fqe?: Omit<FqeOptions, 'seed'>;
  /**
   * The FQE, DR and WDR intervals refit Q̂ on every resample while resamples × fitted decisions
   * stays within this budget (default 5,000,000); beyond it Q̂ is fitted once and the
   * conversations' terms are resampled around it (narrower: it leaves out Q̂'s own uncertainty).
   */
  fqeRefitBudget?: number;
}

export const ESTIMATORS = ['is', 'wis', 'pdis', 'wpdis', 'dr', 'wdr', 'fqe'] as const;
export type EstimatorName = (typeof ESTIMATORS)[number];

export interface Estimate {
  value: number;
  ci95: [number, number];
}

export interface OpeReport {
  estimators: Record<EstimatorName, Estimate>;
  /** mean return of the logged conversations (the logging policy's value), Student-t 95% CI */
  behaviour: Estimate;
  /** (Σ W)² / Σ W² over trajectory weights: how many conversations the IS estimates really rest on */
  ess: number;
  zero_weight_share: number;
  max_weight: number;
  n: number;
  decisions: number;
  gamma: number;
  propensities: 'logged' | 'estimated';
  bootstrap: { resamples: number; seed: number };
  /** `refit_bootstrap`: whether the FQE/DR/WDR intervals refit Q̂ per resample (else Q̂ is fixed) */
  fqe_fit: { iterations: number; converged: boolean; decisions: number; refit_bootstrap: boolean };
  warnings: string[];
}

export const MIN_ESS = 10;

export function evaluatePolicy(episodes: readonly LoggedEpisode[], target: PolicyProbabilities, opts: EvaluateOptions = {}): OpeReport {
  const seed = opts.seed ?? 1;
  const resamples = opts.resamples ?? 200;
  const d = prepareData(episodes, target, { gamma: opts.gamma, behaviour: opts.behaviour });
  const qv = fitFqe(d, { ...opts.fqe, seed });
  const fqeTerms = fqeEpisodeTerms(d, qv);
  const statistics: Record<EstimatorName, Statistic> = {
    is: isStatistic(d),
    wis: wisStatistic(d),
    pdis: pdisStatistic(d),
    wpdis: wpdisStatistic(d),
    dr: drStatistic(d, qv),
    wdr: wdrStatistic(d, qv),
    fqe: (counts) => countedMean(fqeTerms, counts),
  };
  const intervals = bootstrapCi95(statistics, d.n, { resamples, seed });
  const refit = qv.fitSteps * resamples <= (opts.fqeRefitBudget ?? 5_000_000);
  if (refit) {
    // same seed → the same resamples as the other estimators (paired)
    const refitQ = fqeRefitter(d, { ...opts.fqe, seed });
    const modelBased = ['fqe', 'dr', 'wdr'] as const;
    const joint = jointBootstrapCi95(
      modelBased,
      (counts) => {
        const q = refitQ(counts);
        return {
          fqe: countedMean(fqeEpisodeTerms(d, q), counts),
          dr: drStatistic(d, q)(counts),
          wdr: wdrStatistic(d, q)(counts),
        };
      },
      d.n,
      { resamples, seed },
    );
    for (const k of modelBased) intervals[k] = joint[k];
  }
  const estimators = Object.fromEntries(
    ESTIMATORS.map((k) => [k, { value: statistics[k](), ci95: intervals[k] }]),
  ) as Record<EstimatorName, Estimate>;

  const returns = new Float64Array(d.n);
  for (let i = 0; i < d.n; i++) returns[i] = d.initial[i]! + d.decisionReturn[i]!;
  const logged = meanCi95(returns);
  const diag = weightDiagnostics(d.episodeWeight);

  const warnings: string[] = [];
  if (d.propensities === 'estimated') {
    warnings.push('propensities are estimated (a fitted behaviour policy), not logged: every figure rests on that model being right');
  }
  if (diag.ess < MIN_ESS) {
    warnings.push(
      `effective sample size ${diag.ess.toFixed(1)} < ${MIN_ESS}: the logs cannot support an importance-weighted estimate for this policy (it differs too much from the logging policy)`,
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
  if (!refit) {
    warnings.push(`FQE, DR and WDR intervals resample conversations around one fitted Q̂ (data too large to refit it ${resamples} times): they leave out Q̂'s own uncertainty and may be too narrow`);
  }
  if (!qv.converged) warnings.push(`FQE did not converge in ${qv.iterations} iterations: read fqe, dr and wdr with care`);

  return {
    estimators,
    behaviour: { value: logged.mean, ci95: logged.ci95 },
    ess: diag.ess,
    zero_weight_share: diag.zeroWeightShare,
    max_weight: diag.maxWeight,
    n: d.n,
    decisions: d.nSteps,
    gamma: d.gamma,
    propensities: d.propensities,
    bootstrap: { resamples, seed },
    fqe_fit: { iterations: qv.iterations, converged: qv.converged, decisions: qv.fitSteps, refit_bootstrap: refit },
    warnings,
  };
}
