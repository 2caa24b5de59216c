import { describe, expect, it } from 'vitest';
import type { SafetyLabel } from './data.js';
import { logit, sigmoid } from './model.js';
import type { SafetyCategory } from './rules.js';
import { budgetedThresholds, type ThresholdExample } from './thresholds.js';

const ex = (label: SafetyLabel, s: Partial<Record<SafetyCategory, number>>, o: Partial<ThresholdExample> = {}): ThresholdExample => ({
  label,
  rules: [],
  scores: { opt_out: 0, threat: 0, minor: 0, ...s },
  signed: true,
  youth: true,
  ...o,
});
const mid = (p: number, q: number) => sigmoid((logit(p) + logit(q)) / 2);
const ordinary = (n: number, s: Partial<Record<SafetyCategory, number>>) => Array.from({ length: n }, () => ex('ordinary', s));

describe('budgetedThresholds', () => {
  it('takes the free steps: every positive above every ordinary score, halfway down to the next score', () => {
    const t = budgetedThresholds([ex('opt_out', { opt_out: 0.9 }), ex('opt_out', { opt_out: 0.6 }), ...ordinary(10, { opt_out: 0.3 })], 0);
    expect(t.opt_out).toBeCloseTo(mid(0.6, 0.3), 12);
    expect(t.threat).toBe(1);
    expect(t.minor).toBe(1);
  });

  it('stops at the budget of ordinary lines flagged, and spends it where it buys the most positives', () => {
    const val = [
      ex('threat', { threat: 0.5 }),
      ex('threat', { threat: 0.5 }),
      ex('ordinary', { threat: 0.6 }),
      ex('opt_out', { opt_out: 0.4 }),
      ex('ordinary', { opt_out: 0.45 }),
      ...ordinary(98, { threat: 0.1, opt_out: 0.1 }),
    ];
    // one false alarm allowed: it buys two threats, not one opt-out
    const one = budgetedThresholds(val, 0.01);
    expect(one.threat).toBeCloseTo(mid(0.5, 0.1), 12);
    expect(one.opt_out).toBe(1);
    // none allowed: rules only
    expect(budgetedThresholds(val, 0)).toEqual({ opt_out: 1, threat: 1, threat_unanchored: 1, minor: 1 });
    // two allowed: both
    expect(budgetedThresholds(val, 0.02).opt_out).toBeCloseTo(mid(0.4, 0.1), 12);
  });

  it('counts the rules against the budget and does not pay twice for a line a rule already flags', () => {
    const val = [ex('threat', { threat: 0.5 }), ex('ordinary', { threat: 0.6 }, { rules: ['opt_out'] }), ...ordinary(99, { threat: 0.1 })];
    // the rule's false alarm is already one of the one allowed; the threat step flags nothing new
    expect(budgetedThresholds(val, 0.01).threat).toBeCloseTo(mid(0.5, 0.1), 12);
    const val2 = [ex('threat', { threat: 0.5 }), ex('ordinary', { threat: 0.6 }), ex('ordinary', {}, { rules: ['threat'] }), ...ordinary(97, { threat: 0.1 })];
    expect(budgetedThresholds(val2, 0.01).threat).toBe(1);
  });

  it('keeps the signed and unsigned threat thresholds and the youth-gated minor threshold apart', () => {
    const val = [
      ex('threat', { threat: 0.7 }, { signed: false }),
      ex('ordinary', { threat: 0.8 }, { signed: true }),
      ex('minor', { minor: 0.3 }, { youth: true }),
      ex('ordinary', { minor: 0.9 }, { youth: false }),
      ...ordinary(50, { threat: 0.2, minor: 0.1 }).map((e) => ({ ...e, signed: false })),
    ];
    const t = budgetedThresholds(val, 0);
    expect(t.threat_unanchored).toBeCloseTo(mid(0.7, 0.2), 12);
    expect(t.threat).toBe(1);
    expect(t.minor).toBeCloseTo(mid(0.3, 0.1), 12);
  });

  it('counts an opt-out as caught by any flag, a threat or minor only by an escalating one', () => {
    const val = [ex('threat', { opt_out: 0.9 }), ex('opt_out', { minor: 0.9 }), ...ordinary(10, {})];
    const t = budgetedThresholds(val, 0);
    expect(t.opt_out).toBe(1);
    expect(t.minor).toBeLessThan(0.9);
  });
});
