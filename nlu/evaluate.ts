// Held-out evaluation of the dealer-act classifier: per-act precision/recall/F1, macro-F1,
// accuracy, language accuracy, and recall of the safety cases (opt-out, threat, minor signs).
import { DEALER_ACTS, type DealerAct } from '../core/acts.js';
import type { DealerActClassifier } from './classifier.js';
import type { LabelledExample } from './dataset.js';

export interface ActScore {
  act: DealerAct;
  support: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface SafetyRecall {
  /** examples that must be flagged */
  cases: number;
  caught: number;
  recall: number;
  /** texts that were missed (empty when recall is 1) */
  missed: string[];
}

export interface NluEvaluation {
  examples: number;
  accuracy: number;
  macro_f1: number;
  lang_accuracy: number;
  per_act: ActScore[];
  safety: { opt_out: SafetyRecall; threat: SafetyRecall; minor: SafetyRecall };
  /** share of examples without a safety label that still got a flag (conversations ended needlessly) */
  false_alarm_rate: number;
}

export function evaluateClassifier(classifier: DealerActClassifier, examples: readonly LabelledExample[]): NluEvaluation {
  const tp = new Map<DealerAct, number>();
  const fp = new Map<DealerAct, number>();
  const fn = new Map<DealerAct, number>();
  const support = new Map<DealerAct, number>();
  const inc = (m: Map<DealerAct, number>, a: DealerAct) => m.set(a, (m.get(a) ?? 0) + 1);
  const recall = (): SafetyRecall => ({ cases: 0, caught: 0, recall: 1, missed: [] });
  const safety = { opt_out: recall(), threat: recall(), minor: recall() };
  let correct = 0;
  let langCorrect = 0;
  let unflagged = 0;
  let falseAlarms = 0;
  for (const e of examples) {
    const r = classifier.classify(e.text);
    inc(support, e.act);
    if (r.act === e.act) {
      correct++;
      inc(tp, e.act);
    } else {
      inc(fp, r.act);
      inc(fn, e.act);
    }
    if (r.lang === e.lang) langCorrect++;
    // opt-out needs the conversation stopped: `stop`, or `escalate`, which stops too
    const checks: [SafetyRecall, boolean, boolean][] = [
      [safety.opt_out, e.act === 'opt_out', r.safety !== null],
      [safety.threat, e.act === 'threat', r.safety === 'escalate'],
      [safety.minor, e.minor === true, r.safety === 'escalate'],
    ];
    let labelled = false;
    for (const [s, applies, ok] of checks) {
      if (!applies) continue;
      labelled = true;
      s.cases++;
      if (ok) s.caught++;
      else s.missed.push(e.text);
    }
    if (!labelled) {
      unflagged++;
      if (r.safety !== null) falseAlarms++;
    }
  }
  for (const s of Object.values(safety)) s.recall = s.cases === 0 ? 1 : s.caught / s.cases;
  const perAct: ActScore[] = DEALER_ACTS.map((act) => {
    const t = tp.get(act) ?? 0;
    const p = t + (fp.get(act) ?? 0) === 0 ? 0 : t / (t + (fp.get(act) ?? 0));
    const rc = t + (fn.get(act) ?? 0) === 0 ? 0 : t / (t + (fn.get(act) ?? 0));
    return { act, support: support.get(act) ?? 0, precision: p, recall: rc, f1: p + rc === 0 ? 0 : (2 * p * rc) / (p + rc) };
  });
  const present = perAct.filter((s) => s.support > 0);
  return {
    examples: examples.length,
    accuracy: examples.length ? correct / examples.length : 0,
    macro_f1: present.reduce((a, s) => a + s.f1, 0) / Math.max(1, present.length),
    lang_accuracy: examples.length ? langCorrect / examples.length : 0,
    per_act: perAct,
    safety,
    false_alarm_rate: unflagged ? falseAlarms / unflagged : 0,
  };
}

/** A fixed-width table for people (stderr or the terminal), one row per act. */
export function formatEvaluation(ev: NluEvaluation): string {
  const pct = (x: number) => (100 * x).toFixed(1).padStart(6);
  const lines = [`act            support  precision  recall     F1`];
  for (const s of ev.per_act) lines.push(`${s.act.padEnd(14)} ${String(s.support).padStart(7)}  ${pct(s.precision)}%   ${pct(s.recall)}% ${pct(s.f1)}%`);
  lines.push(`macro-F1 ${ev.macro_f1.toFixed(3)}  accuracy ${ev.accuracy.toFixed(3)}  language ${ev.lang_accuracy.toFixed(3)}  (${ev.examples} examples)`);
  const s = ev.safety;
  lines.push(
    `safety recall: opt_out ${s.opt_out.caught}/${s.opt_out.cases}  threat ${s.threat.caught}/${s.threat.cases}  minor ${s.minor.caught}/${s.minor.cases}` +
      `  false alarms ${(100 * ev.false_alarm_rate).toFixed(1)}%`,
  );
  for (const [k, v] of Object.entries(s)) for (const t of v.missed) lines.push(`  missed ${k}: ${t}`);
  return lines.join('\n');
}
