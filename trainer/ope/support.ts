// Whether the logs can support an answer about this target at all, from the importance weights
// alone. Every estimator needs the logs to contain the kind of conversations the target has:
// IS-type estimators re-weight them, FQE and DR need Q̂ where the target goes. The trajectory
// weight W has expectation exactly 1 under the logging policy, but when the target's likely
// conversations are ones the logging policy rarely has, the sample holds none of them and the
// mean weight comes out far below 1. Then most of what the target would do is not in the logs,
// and FQE's (and so DR's) answer is an extrapolation no interval built from these data can
// check: on the simulator a greedy CQL
// policy, mean weight 0.08, was overrated by 34–39% by FQE and 42–50% by WDR, each with a tight
// interval (BENCHMARKS.md, "Off-policy evaluation on the simulator").
import type { WeightDiagnostics } from './weight-diagnostics.js';

/** below this, too few conversations carry the weights for any IS-type estimate */
export const MIN_ESS = 10;
/** below this share of n, the weights are heavy-tailed enough that IS-type intervals miss */
export const MIN_ESS_SHARE = 0.05;
/** the mean weight's upper 95% bound below this: most of the target's probability is off the logs */
export const MIN_COVERED = 0.5;

export type SupportLevel = 'ok' | 'weak' | 'none';

export interface Support {
  /** ok: read WDR; weak: read it with its warnings; none: no estimate here can be trusted */
  level: SupportLevel;
  /** the mean trajectory weight's 95% upper bound (1 when the logs cover the target) */
  covered: number;
  /** one line for people, empty when ok */
  reason: string;
}

export function supportOf(diag: WeightDiagnostics, n: number): Support {
  const covered = Math.min(1, diag.meanWeight + 1.96 * diag.meanWeightSe);
  if (covered < MIN_COVERED) {
    return {
      level: 'none',
      covered,
      reason:
        `the trajectory weights average ${diag.meanWeight.toFixed(3)} (upper 95% bound ${covered.toFixed(2)}) instead of 1: ` +
        `the conversations this policy would have are mostly not in the logs, so FQE and DR extrapolate where no data can check them`,
    };
  }
  if (diag.ess < MIN_ESS) {
    return { level: 'none', covered, reason: `the estimates rest on ${diag.ess.toFixed(1)} effective conversations (ESS < ${MIN_ESS})` };
  }
  if (diag.ess < MIN_ESS_SHARE * n) {
    return { level: 'weak', covered, reason: `ESS ${diag.ess.toFixed(0)} is ${((100 * diag.ess) / n).toFixed(1)}% of the conversations` };
  }
  return { level: 'ok', covered, reason: '' };
}
