// The report around the estimates: diagnostics, warnings and the plain-text table.
import { describe, expect, it } from 'vitest';
import type { LoggedEpisode } from '../episodes.js';
import { evaluatePolicy } from './evaluate.js';
import { formatOpeReport } from './format.js';

const mask = Uint8Array.of(1, 1);

/** n one-decision conversations; action a earns reward 1 + a; logged uniformly. */
function logs(n: number): LoggedEpisode[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `c${i}`,
    steps: [{ obs: Float32Array.of(1), mask, action: i % 2, propensity: 0.5, reward: 1 + (i % 2) }],
  }));
}

describe('evaluatePolicy report', () => {
  it('on-policy data: every estimator equals the logged mean, weights are 1, no warnings', () => {
    const r = evaluatePolicy(logs(40), () => Float64Array.of(0.5, 0.5), { resamples: 20, fqeInterval: 'bootstrap' });
    // FQE's ridge penalty shrinks Q̂ by ~1e-5; the weighted estimators are exact
    for (const e of Object.values(r.estimators)) expect(e.value).toBeCloseTo(1.5, 3);
    expect(r.estimators.is.value).toBeCloseTo(1.5, 12);
    expect(r.behaviour.value).toBeCloseTo(1.5, 12);
    expect([r.ess, r.mean_weight, r.max_weight, r.zero_weight_share]).toEqual([40, 1, 1, 0]);
    expect(r.warnings).toEqual([]);
    expect(r.support).toEqual({ level: 'ok', covered: 1, reason: '' });
    expect(r.estimators.fqe.interval).toBe('bootstrap-se');
    expect(r.bootstrap.resamples).toBe(20);
  });

  it('a deterministic target: half the conversations get weight 0, and IS = the chosen action\'s reward', () => {
    const r = evaluatePolicy(logs(40), () => Float64Array.of(0, 1), { fqeRefitBudget: 0, fqeInterval: 'bootstrap' });
    expect(r.estimators.is.value).toBeCloseTo(2, 12);
    expect(r.estimators.wis.value).toBeCloseTo(2, 12);
    expect(r.zero_weight_share).toBe(0.5);
    expect(r.max_weight).toBe(2);
    expect(r.estimators.fqe.interval).toBe('student-t-fixed-q');
    expect(r.warnings.some((w) => w.includes("holds the fitted Q̂ fixed"))).toBe(true);
  });

  it("by default FQE is the forest with an influence interval: no refits, no fixed-Q̂ warning", () => {
    const r = evaluatePolicy(logs(40), () => Float64Array.of(0, 1));
    expect(r.fqe_fit.model).toBe('forest');
    expect(r.estimators.fqe.interval).toBe('influence-refit');
    expect(r.estimators.fqe.value).toBeCloseTo(2, 12);
    expect(r.bootstrap.resamples).toBe(0);
    expect(r.warnings.some((w) => w.includes('holds the fitted Q̂ fixed'))).toBe(false);
    expect(formatOpeReport(r)).toContain('FQE by forest (interval from influence values');
  });

  it('weights averaging far from 1 (here wrong propensities) are flagged', () => {
    // the target gives a0 0.25, a1 0.75, but the logged propensity 0.5 is claimed for every
    // decision while only a0 was ever logged: every weight is 0.5
    const only0 = logs(40).map((e) => ({ ...e, steps: e.steps.map((s) => ({ ...s, action: 0 })) }));
    const r = evaluatePolicy(only0, () => Float64Array.of(0.25, 0.75), { fqeRefitBudget: 0 });
    expect(r.mean_weight).toBeCloseTo(0.5, 12);
    expect(r.warnings.some((w) => w.startsWith('the trajectory weights average 0.500'))).toBe(true);
  });

  it('in-sample evaluation is said first, and weights above 1 are then read as the fit, not as wrong propensities', () => {
    // a target fitted to the logged decisions: the observation carries the logged action, and
    // the target gives it 0.9 where the logging policy gave 0.5, so every weight is 1.8
    const fitted = logs(40).map((e) => ({ ...e, steps: e.steps.map((st) => ({ ...st, obs: Float32Array.of(st.action) })) }));
    const target = (obs: Float32Array) => (obs[0] === 0 ? Float64Array.of(0.9, 0.1) : Float64Array.of(0.1, 0.9));
    const out = evaluatePolicy(fitted, target, { fqeRefitBudget: 0 });
    expect(out.mean_weight).toBeCloseTo(1.8, 12);
    expect(out.in_sample).toBeNull();
    expect(out.warnings.find((w) => w.startsWith('the trajectory weights average 1.800'))).toMatch(/the propensities look wrong/);
    expect(out.warnings.some((w) => /in-sample/.test(w))).toBe(false);

    const r = evaluatePolicy(fitted, target, { fqeRefitBudget: 0, inSample: { how: 'sha256', trainedOn: 'logs.jsonl' } });
    expect(r.in_sample).toBe('sha256');
    expect(r.warnings[0]).toMatch(/^in-sample evaluation: the policy was trained on these very logs \(these bytes are the file its bundle recorded \(training\.data_sha256\)\).*optimistic \(biased upwards\).*held-out logs/);
    const weights = r.warnings.find((w) => w.startsWith('the trajectory weights average 1.800'))!;
    expect(weights).toMatch(/expected in-sample: the policy was fitted to these logged decisions/);
    expect(weights).not.toMatch(/propensities look wrong/);
    expect(formatOpeReport(r)).toMatch(/\(WDR; in-sample: optimistic\) vs /);
    // the estimates themselves do not change: only what the report says about them
    expect(r.estimators).toEqual(out.estimators);

    const byPath = evaluatePolicy(fitted, target, { fqeRefitBudget: 0, inSample: { how: 'path', trainedOn: 'logs.jsonl' } });
    expect(byPath.warnings[0]).toMatch(/the path is its training data "logs\.jsonl" \(policy\.json records no sha256 of it\)/);
    const changed = evaluatePolicy(fitted, target, { fqeRefitBudget: 0, inSample: { how: 'changed', trainedOn: 'logs.jsonl' } });
    expect(changed.warnings[0]).toMatch(/content has changed since.*part of this evaluation is in-sample/);
    expect(changed.warnings.find((w) => w.startsWith('the trajectory weights'))).toMatch(/propensities look wrong/);
  });

  it('ESS below 10 is said plainly', () => {
    // 1 of 40 conversations chose a1, which the target always takes: one weight carries it all
    const rare = logs(40).map((e, i) => ({ ...e, steps: e.steps.map((s) => ({ ...s, action: i === 0 ? 1 : 0, propensity: i === 0 ? 0.05 : 0.95 })) }));
    const r = evaluatePolicy(rare, () => Float64Array.of(0, 1), { fqeRefitBudget: 0 });
    expect(r.ess).toBeCloseTo(1, 12);
    expect(r.warnings.some((w) => w.startsWith('effective sample size 1.0 < 10'))).toBe(true);
    expect(r.support.level).toBe('none');
    expect(formatOpeReport(r)).toMatch(/^new policy: the logs cannot support an estimate \(the estimates rest on 1\.0 effective conversations/m);
  });

  it('an ESS under 5% of the conversations is flagged as heavy-tailed weights', () => {
    // 20 of 1,000 conversations chose a1 (propensity 0.01, weight 50), which the target takes half
    // the time: ESS = (20·50 + 980·0.505)² / (20·50² + 980·0.505²) ≈ 44
    const skewed = logs(1000).map((e, i) => ({ ...e, steps: e.steps.map((s) => ({ ...s, action: i % 50 === 0 ? 1 : 0, propensity: i % 50 === 0 ? 0.01 : 0.99 })) }));
    const r = evaluatePolicy(skewed, () => Float64Array.of(0.5, 0.5), { fqeRefitBudget: 0 });
    expect(r.ess / r.n).toBeLessThan(0.05);
    expect(r.ess).toBeGreaterThan(10);
    expect(r.warnings.some((w) => /^effective sample size \d+ is \d+\.\d% of the 1000 conversations: the weights are heavy-tailed/.test(w))).toBe(true);
    expect(r.support.level).toBe('weak');
    expect(formatOpeReport(r)).toMatch(/^new policy ≈ [\d.]+ \[[-\d.]+, [-\d.]+\] dealer-minutes \(WDR; weak support: ESS \d+ is \d\.\d% of the conversations\) vs /m);
  });

  it('equal weights far below 1 mean the logs miss the target\'s conversations: no estimate is offered, whatever the ESS', () => {
    // every logged decision took a0 (claimed propensity 0.99); the target takes a1 90% of the
    // time, so each weight is 0.1/0.99 and ESS = n: only the mean weight shows what is missing
    const off = logs(1000).map((e) => ({ ...e, steps: e.steps.map((s) => ({ ...s, action: 0, propensity: 0.99 })) }));
    const r = evaluatePolicy(off, () => Float64Array.of(0.1, 0.9), { fqeRefitBudget: 0 });
    expect(r.ess).toBeCloseTo(1000, 6);
    expect(r.support.level).toBe('none');
    expect(r.support.covered).toBeCloseTo(0.1 / 0.99, 9);
    const text = formatOpeReport(r);
    expect(text).toMatch(/^new policy: the logs cannot support an estimate \(the trajectory weights average 0\.101 \(upper 95% bound 0\.10\) instead of 1: .*FQE [\d.]+ and WDR [\d.]+ are extrapolations, not measurements/m);
    expect(text).not.toContain('new policy ≈');
    expect(r.warnings.some((w) => w.includes("likely conversations are missing from the logs"))).toBe(true);
  });

  it('the table reads "new policy ≈ X [lo, hi] vs Y logged" and lists every estimator and warning', () => {
    const r = evaluatePolicy(logs(40), () => Float64Array.of(0, 1), { fqeRefitBudget: 0 });
    const text = formatOpeReport(r);
    for (const label of ['IS (trajectory)', 'WIS', 'PDIS (per-decision)', 'WPDIS', 'DR', 'WDR (weighted DR)', 'FQE (direct method)', 'logged (behaviour)']) {
      expect(text).toContain(label);
    }
    expect(text).toMatch(/new policy ≈ 2\.00 \[[-\d.]+, [-\d.]+\] dealer-minutes \(WDR\) vs 1\.50 \[[-\d.]+, [-\d.]+\] logged/);
    for (const w of r.warnings) expect(text).toContain(`warning: ${w}`);
  });
});
