// Figures of the safety reader and the promo gate on a data/safety set: recall per category with a
// 95% Wilson interval, false alarms on `ordinary`, promo recall (engaged: no flag and promo ≥ the
// operating point) and first_other false engagement, plus the calibration of the probabilities.
import { proportionCi95 } from '../../lib/ci.js';
import type { SafetyExample, SafetyLabel } from './data.js';
import { PROMO_OPERATING_POINT, type SafetyReader, type SafetyReading } from './reader.js';
import { type SafetyCategory, SAFETY_CATEGORIES } from './rules.js';

export interface Rate {
  n: number;
  k: number;
  rate: number;
  ci95: [number, number];
}

export interface CategoryRecall extends Rate {
  /** caught by a rule of any category / by a score only */
  by_rule: number;
  by_score: number;
  missed: string[];
}

export interface CalibrationCheck {
  /** expected calibration error over 10 equal-width bins, and the Brier score (one-vs-rest) */
  ece: number;
  brier: number;
}

export interface SafetySetEvaluation {
  source: string;
  examples: number;
  by_label: Partial<Record<SafetyLabel, number>>;
  /** opt_out: any flag (escalate stops too); threat, minor: escalate */
  recall: Record<SafetyCategory, CategoryRecall>;
  /** ordinary messages that got a flag (a conversation ended for nothing) */
  false_alarms: Rate & { flagged: string[] };
  /** promos engaged: no flag and promo ≥ the operating point */
  promo_recall: Rate & { missed: string[] };
  /** first messages of non-dealers that would be engaged */
  first_other_engaged: Rate & { engaged: string[] };
  /** promos or first_other messages that got a safety flag (not engaged either way; listed for review) */
  flagged_first_messages: number;
  calibration: Record<SafetyCategory | 'promo', CalibrationCheck>;
  thresholds: Record<SafetyCategory | 'promo' | 'promo_unanchored' | 'threat_unanchored', number>;
  /** texts that are also in the training data (they flatter the figures) */
  overlap_with_training?: number;
}

function rate(k: number, n: number): Rate {
  const c = proportionCi95(k, n);
  return { n, k, rate: n ? k / n : NaN, ci95: c.ci95 };
}

export function engages(r: SafetyReading): boolean {
  return r.flag === null && r.promo >= PROMO_OPERATING_POINT;
}

function calibrationCheck(p: readonly number[], y: readonly boolean[]): CalibrationCheck {
  const bins = Array.from({ length: 10 }, () => ({ n: 0, p: 0, y: 0 }));
  let brier = 0;
  p.forEach((pi, i) => {
    const b = bins[Math.min(9, Math.floor(pi * 10))]!;
    b.n++;
    b.p += pi;
    b.y += y[i] ? 1 : 0;
    brier += (pi - (y[i] ? 1 : 0)) ** 2;
  });
  const n = p.length || 1;
  const ece = bins.reduce((a, b) => a + (b.n ? (b.n / n) * Math.abs(b.p / b.n - b.y / b.n) : 0), 0);
  return { ece, brier: brier / n };
}

export function evaluateSafetySet(reader: SafetyReader, examples: readonly SafetyExample[], source: string, training?: ReadonlySet<string>): SafetySetEvaluation {
  const readings = examples.map((e) => reader.read(e.text));
  const byLabel: Partial<Record<SafetyLabel, number>> = {};
  for (const e of examples) byLabel[e.label] = (byLabel[e.label] ?? 0) + 1;
  const recall = {} as Record<SafetyCategory, CategoryRecall>;
  for (const c of SAFETY_CATEGORIES) {
    let k = 0, n = 0, byRule = 0, byScore = 0;
    const missed: string[] = [];
    examples.forEach((e, i) => {
      if (e.label !== c) return;
      n++;
      const r = readings[i]!;
      const ok = c === 'opt_out' ? r.flag !== null : r.flag === 'escalate';
      if (!ok) {
        missed.push(e.text);
        return;
      }
      k++;
      const needed = r.reasons.filter((x) => c === 'opt_out' || x.category !== 'opt_out');
      if (needed.some((x) => 'rule' in x)) byRule++;
      else byScore++;
    });
    recall[c] = { ...rate(k, n), by_rule: byRule, by_score: byScore, missed };
  }
  const flagged: string[] = [];
  const promoMissed: string[] = [];
  const engagedOther: string[] = [];
  let ordinary = 0, promos = 0, promoEngaged = 0, others = 0, flaggedFirst = 0;
  examples.forEach((e, i) => {
    const r = readings[i]!;
    if (e.label === 'ordinary') {
      ordinary++;
      if (r.flag !== null) flagged.push(e.text);
    } else if (e.label === 'promo') {
      promos++;
      if (engages(r)) promoEngaged++;
      else promoMissed.push(e.text);
      if (r.flag !== null) flaggedFirst++;
    } else if (e.label === 'first_other') {
      others++;
      if (engages(r)) engagedOther.push(e.text);
      if (r.flag !== null) flaggedFirst++;
    }
  });
  const calibration = {} as SafetySetEvaluation['calibration'];
  for (const c of SAFETY_CATEGORIES) calibration[c] = calibrationCheck(readings.map((r) => r.scores[c]), examples.map((e) => e.label === c));
  calibration.promo = calibrationCheck(readings.map((r) => r.promoProbability), examples.map((e) => e.label === 'promo'));
  const out: SafetySetEvaluation = {
    source,
    examples: examples.length,
    by_label: byLabel,
    recall,
    false_alarms: { ...rate(flagged.length, ordinary), flagged },
    promo_recall: { ...rate(promoEngaged, promos), missed: promoMissed },
    first_other_engaged: { ...rate(engagedOther.length, others), engaged: engagedOther },
    flagged_first_messages: flaggedFirst,
    calibration,
    thresholds: { ...reader.thresholds },
  };
  if (training) out.overlap_with_training = examples.filter((e) => training.has(e.text.trim().toLowerCase())).length;
  return out;
}

const pct = (x: number) => (Number.isNaN(x) ? '   -  ' : (100 * x).toFixed(1).padStart(5) + '%');
const ci = (r: Rate) => `[${pct(r.ci95[0]).trim()}, ${pct(r.ci95[1]).trim()}]`;

/** A table for people (stderr or the terminal). */
export function formatSafetyEvaluation(ev: SafetySetEvaluation, opts: { listMisses?: number } = {}): string {
  const lines = [`safety reader on ${ev.source} (${ev.examples} messages${ev.overlap_with_training ? `, ${ev.overlap_with_training} also in training` : ''})`];
  lines.push(`  category   caught   recall   95% CI            by rule  by score  threshold`);
  for (const c of SAFETY_CATEGORIES) {
    const r = ev.recall[c];
    const th = c === 'threat' ? `${ev.thresholds.threat.toFixed(4)} with a sign of harm, ${ev.thresholds.threat_unanchored >= 1 ? 'rules only' : ev.thresholds.threat_unanchored.toFixed(4)} without` : ev.thresholds[c].toFixed(4);
    lines.push(`  ${c.padEnd(9)} ${`${r.k}/${r.n}`.padStart(7)}  ${pct(r.rate)}  ${ci(r).padEnd(16)}  ${String(r.by_rule).padStart(7)}  ${String(r.by_score).padStart(8)}  ${th}`);
  }
  const f = ev.false_alarms;
  lines.push(`  false alarms on ordinary: ${f.k}/${f.n} = ${pct(f.rate).trim()} ${ci(f)}`);
  const p = ev.promo_recall;
  lines.push(`  promo recall (engaged): ${p.k}/${p.n} = ${pct(p.rate).trim()} ${ci(p)}   (promo thresholds ${ev.thresholds.promo.toFixed(4)} with a sign of a drug business, ${ev.thresholds.promo_unanchored >= 1 ? 'never engaged' : ev.thresholds.promo_unanchored.toFixed(4)} without)`);
  const o = ev.first_other_engaged;
  lines.push(`  first_other engaged: ${o.k}/${o.n} = ${pct(o.rate).trim()} ${ci(o)}`);
  lines.push(`  calibration (ECE / Brier): ${(['opt_out', 'threat', 'minor', 'promo'] as const).map((c) => `${c} ${ev.calibration[c].ece.toFixed(3)}/${ev.calibration[c].brier.toFixed(3)}`).join('  ')}`);
  const n = opts.listMisses ?? 0;
  if (n > 0) {
    for (const c of SAFETY_CATEGORIES) for (const t of ev.recall[c].missed.slice(0, n)) lines.push(`    missed ${c}: ${t}`);
    for (const t of ev.false_alarms.flagged.slice(0, n)) lines.push(`    false alarm: ${t}`);
    for (const t of ev.promo_recall.missed.slice(0, n)) lines.push(`    promo not engaged: ${t}`);
    for (const t of ev.first_other_engaged.engaged.slice(0, n)) lines.push(`    first_other engaged: ${t}`);
  }
  return lines.join('\n');
}
