import { describe, expect, it } from 'vitest';
import type { SafetyExample } from './data.js';
import { evaluateSafetySet, formatSafetyEvaluation } from './evaluate.js';
import type { SafetyReader, SafetyReading } from './reader.js';

// a reader that answers from a table, so the figures can be computed by hand
function fixed(answers: Record<string, Partial<SafetyReading>>): SafetyReader {
  const base: SafetyReading = { flag: null, reason: null, reasons: [], scores: { opt_out: 0, threat: 0, minor: 0 }, promoProbability: 0, promo: 0, promoAnchored: false, promoVetoed: false };
  return {
    thresholds: { opt_out: 0.5, threat: 0.5, minor: 0.5, promo: 0.3, promo_unanchored: 0.6, threat_unanchored: 1 },
    featureKey: '',
    read: (t) => ({ ...base, ...answers[t] }),
  };
}
const rule = (category: 'opt_out' | 'threat' | 'minor') => ({ rule: `${category}/x`, category, match: 'x' });
const score = (category: 'opt_out' | 'threat' | 'minor') => ({ score: 0.9, threshold: 0.5, category });

describe('evaluateSafetySet', () => {
  const ex = (text: string, label: SafetyExample['label']): SafetyExample => ({ text, lang: 'nl', label });
  const set = [
    ex('o1', 'opt_out'), ex('o2', 'opt_out'), ex('o3', 'opt_out'),
    ex('t1', 'threat'), ex('t2', 'threat'),
    ex('m1', 'minor'),
    ex('n1', 'ordinary'), ex('n2', 'ordinary'), ex('n3', 'ordinary'), ex('n4', 'ordinary'),
    ex('p1', 'promo'), ex('p2', 'promo'), ex('p3', 'promo'),
    ex('f1', 'first_other'), ex('f2', 'first_other'),
  ];
  const reader = fixed({
    o1: { flag: 'stop', reasons: [rule('opt_out')] },
    o2: { flag: 'escalate', reasons: [score('threat')] }, // escalating stops too
    t1: { flag: 'escalate', reasons: [rule('threat')] },
    t2: { flag: 'stop', reasons: [score('opt_out')] }, // a threat needs escalate: missed
    m1: { flag: 'escalate', reasons: [score('minor')] },
    n2: { flag: 'stop', reasons: [score('opt_out')] },
    p1: { promo: 0.9 },
    p2: { promo: 0.9, flag: 'stop', reasons: [score('opt_out')] }, // flagged: never engaged
    p3: { promo: 0.5 },
    f2: { promo: 0.75 },
  });
  const ev = evaluateSafetySet(reader, set, 'test set', new Set(['o1', 'x']));

  it('counts recall per category with the flag each needs, and where it came from', () => {
    expect(ev.recall.opt_out).toMatchObject({ n: 3, k: 2, by_rule: 1, by_score: 1, missed: ['o3'] });
    expect(ev.recall.threat).toMatchObject({ n: 2, k: 1, by_rule: 1, by_score: 0, missed: ['t2'] });
    expect(ev.recall.minor).toMatchObject({ n: 1, k: 1, by_score: 1 });
    expect(ev.recall.opt_out.rate).toBeCloseTo(2 / 3);
    expect(ev.recall.opt_out.ci95[0]).toBeLessThan(2 / 3);
    expect(ev.recall.opt_out.ci95[1]).toBeGreaterThan(2 / 3);
  });

  it('counts false alarms on ordinary, promo recall and first_other engagement', () => {
    expect(ev.false_alarms).toMatchObject({ n: 4, k: 1, flagged: ['n2'] });
    expect(ev.promo_recall).toMatchObject({ n: 3, k: 1, missed: ['p2', 'p3'] });
    expect(ev.first_other_engaged).toMatchObject({ n: 2, k: 1, engaged: ['f2'] });
    expect(ev.flagged_first_messages).toBe(1);
    expect(ev.overlap_with_training).toBe(1);
    expect(ev.by_label).toMatchObject({ opt_out: 3, ordinary: 4, promo: 3 });
  });

  it('formats a table that lists misses on request', () => {
    const s = formatSafetyEvaluation(ev, { listMisses: 5 });
    expect(s).toMatch(/opt_out\s+2\/3/);
    expect(s).toMatch(/false alarms on ordinary: 1\/4/);
    expect(s).toMatch(/missed threat: t2/);
  });
});
