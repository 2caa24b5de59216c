import { describe, expect, it } from 'vitest';
import type { DealerAct } from '../core/acts.js';
import type { DealerActClassifier } from './classifier.js';
import type { LabelledExample } from './dataset.js';
import { evaluateClassifier } from './evaluate.js';

// a classifier that answers from a lookup table, so the metrics can be computed by hand
function fixed(answers: Record<string, { act: DealerAct; safety: 'stop' | 'escalate' | null }>): DealerActClassifier {
  const classify = (text: string) => ({ text, confidence: 1, lang: 'nl' as const, safety_reason: null, promo: 0, ...answers[text]! });
  return {
    classify,
    explain: (t) => ({
      ...classify(t),
      model: { act: answers[t]!.act, confidence: 1 },
      rules: [],
      safety_reasons: [],
      safety_scores: { opt_out: 0, threat: 0, minor: 0 },
      promo_probability: 0,
    }),
    trainedOn: 0,
  };
}

describe('evaluateClassifier', () => {
  it('computes per-act precision/recall/F1, macro-F1 and safety recall', () => {
    const ex: LabelledExample[] = [
      { text: 'a', act: 'price', lang: 'nl' },
      { text: 'b', act: 'price', lang: 'nl' },
      { text: 'c', act: 'call', lang: 'en' },
      { text: 'd', act: 'opt_out', lang: 'nl' },
      { text: 'e', act: 'other', lang: 'nl', minor: true },
    ];
    const ev = evaluateClassifier(
      fixed({
        a: { act: 'price', safety: null },
        b: { act: 'call', safety: null },
        c: { act: 'call', safety: 'stop' },
        d: { act: 'opt_out', safety: 'stop' },
        e: { act: 'other', safety: null },
      }),
      ex,
    );
    const price = ev.per_act.find((s) => s.act === 'price')!;
    const call = ev.per_act.find((s) => s.act === 'call')!;
    expect(price).toMatchObject({ support: 2, precision: 1, recall: 0.5 });
    expect(price.f1).toBeCloseTo(2 / 3);
    expect(call).toMatchObject({ support: 1, precision: 0.5, recall: 1 });
    expect(call.f1).toBeCloseTo(2 / 3);
    // macro over the 4 acts present: price 2/3, call 2/3, opt_out 1, other 1
    expect(ev.macro_f1).toBeCloseTo((2 / 3 + 2 / 3 + 1 + 1) / 4);
    expect(ev.accuracy).toBeCloseTo(4 / 5);
    expect(ev.lang_accuracy).toBeCloseTo(4 / 5);
    expect(ev.safety.opt_out).toMatchObject({ cases: 1, caught: 1, recall: 1 });
    expect(ev.safety.minor).toMatchObject({ cases: 1, caught: 0, recall: 0, missed: ['e'] });
    // a, b, c carry no safety label; c was flagged anyway
    expect(ev.false_alarm_rate).toBeCloseTo(1 / 3);
  });
});
