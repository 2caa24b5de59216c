// Plain-text table of an OPE report, for people (stderr, or stdout without --json).
import { ESTIMATORS, type EstimatorName, type OpeReport } from './evaluate.js';

const LABELS: Record<EstimatorName, string> = {
  is: 'IS (trajectory)',
  wis: 'WIS',
  pdis: 'PDIS (per-decision)',
  wpdis: 'WPDIS',
  dr: 'DR',
  wdr: 'WDR (weighted DR)',
  fqe: 'FQE (direct method)',
};

/** The estimator quoted in the headline: weighted DR, low variance and corrected by the weights. */
export const HEADLINE: EstimatorName = 'wdr';

export function formatOpeReport(r: OpeReport, unit = 'dealer-minutes'): string {
  const f = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : String(x));
  const ci = (c: [number, number]): string => `[${f(c[0])}, ${f(c[1])}]`;
  const lines: string[] = [];
  lines.push(
    `Off-policy evaluation: ${r.n} conversations, ${r.decisions} decisions, γ = ${r.gamma}, ` +
      `propensities ${r.propensities}, FQE by ${r.fqe_fit.model} (${fqeIntervalNote(r)})`,
  );
  const rows: [string, string, string, string][] = [['estimator', `value (${unit})`, '95% CI', 'interval']];
  for (const k of ESTIMATORS) {
    const e = r.estimators[k];
    rows.push([LABELS[k], f(e.value), ci(e.ci95), e.interval]);
  }
  rows.push(['logged (behaviour)', f(r.behaviour.value), ci(r.behaviour.ci95), 'student-t']);
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((row) => row[c]!.length)));
  for (const [i, row] of rows.entries()) {
    lines.push(`${row[0].padEnd(widths[0]!)}  ${row[1].padStart(widths[1]!)}  ${row[2].padEnd(widths[2]!)}  ${row[3]}`);
    if (i === 0 || i === rows.length - 2) lines.push('-'.repeat(widths[0]! + widths[1]! + widths[2]! + 16));
  }
  lines.push(
    `effective sample size ${r.ess.toFixed(1)} of ${r.n} · zero-weight conversations ${(100 * r.zero_weight_share).toFixed(1)}% · ` +
      `largest weight ${f(r.max_weight)} · mean weight ${r.mean_weight.toFixed(3)} (expected 1)`,
  );
  const h = r.estimators[HEADLINE];
  const est = r.propensities === 'estimated' ? ', on estimated propensities' : '';
  const logged = `${f(r.behaviour.value)} ${ci(r.behaviour.ci95)} logged`;
  if (r.support.level === 'none') {
    // a number here would be read as the answer: say there is none, and what the figures are
    lines.push(`new policy: the logs cannot support an estimate (${r.support.reason}); FQE ${f(r.estimators.fqe.value)} and WDR ${f(h.value)} are extrapolations, not measurements (vs ${logged}): simulate it (--sim) or log with more exploration`);
  } else {
    const weak = r.support.level === 'weak' ? `; weak support: ${r.support.reason}` : '';
    const inSample = r.in_sample === 'sha256' || r.in_sample === 'path' ? '; in-sample: optimistic' : '';
    lines.push(`new policy ≈ ${f(h.value)} ${ci(h.ci95)} ${unit} (${HEADLINE.toUpperCase()}${est}${weak}${inSample}) vs ${logged}`);
  }
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n');
}

function fqeIntervalNote(r: OpeReport): string {
  switch (r.estimators.fqe.interval) {
    case 'influence-refit':
      return 'interval from influence values, Q̂ refitted to first order';
    case 'bootstrap-se':
      return `interval from ${r.bootstrap.resamples} refitted bootstrap resamples, seed ${r.bootstrap.seed}`;
    default:
      return 'interval with Q̂ held fixed';
  }
}
