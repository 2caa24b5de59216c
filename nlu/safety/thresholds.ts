// The safety thresholds chosen on validation: recall first, within a budget of false alarms.
//
// The first two readers took, per category, the lowest threshold that still flagged every
// validation example (recall 1.0 on validation). That holds only while validation is easy: with
// 639 lines, a third of them hard (bare "hallo, met wie heb ik het genoegen?", calm implied threats),
// recall 1.0 put the opt-out threshold at 0.02 and flagged 30% of ordinary talk out of fold, so
// most conversations would end on a harmless line. The goal is recall 1.0 *and* at most 2% of
// ordinary talk flagged; where both cannot hold on validation, the budget decides.
//
// Greedy, deterministic: from "rules only" (every threshold above 1), repeatedly lower the one
// threshold whose next step catches the most validation positives per ordinary or promo line it
// newly flags (free steps first), as long as the flagged must-not lines stay within the budget.
// Each threshold ends halfway (in log-odds) between the last score it flags and the next lower
// score it applies to, for a little margin.
import type { SafetyLabel } from './data.js';
import type { SafetyCategory } from './rules.js';

/** one threshold per way a score may fire (the threat score has two: with a sign of harm, and without) */
export const THRESHOLD_KEYS = ['opt_out', 'threat', 'threat_unanchored', 'minor'] as const;
export type ThresholdKey = (typeof THRESHOLD_KEYS)[number];
export type SafetyThresholds = Record<ThresholdKey, number>;

export interface ThresholdExample {
  label: SafetyLabel;
  /** categories a rule raises on it */
  rules: readonly SafetyCategory[];
  /** calibrated scores */
  scores: Readonly<Record<SafetyCategory, number>>;
  /** has a sign of harm or menace (anchors.ts): the signed threat threshold applies, else the unsigned */
  signed: boolean;
  /** has a sign of youth: the minor score may fire at all */
  youth: boolean;
}

const categoryOf = (k: ThresholdKey): SafetyCategory => (k === 'threat_unanchored' ? 'threat' : k);

function applies(k: ThresholdKey, x: ThresholdExample): boolean {
  if (k === 'threat') return x.signed;
  if (k === 'threat_unanchored') return !x.signed;
  if (k === 'minor') return x.youth;
  return true;
}

/** what counts as caught: opt_out by any flag, threat and minor by an escalating one */
function isCaught(label: SafetyLabel, cats: ReadonlySet<SafetyCategory>): boolean {
  if (label === 'opt_out') return cats.size > 0;
  if (label === 'threat' || label === 'minor') return cats.has('threat') || cats.has('minor');
  return false;
}

/** lines that must not be flagged: a stopped dealer (ordinary) or a promo never answered */
const isCostly = (label: SafetyLabel) => label === 'ordinary' || label === 'promo';

const logit = (p: number) => Math.log(Math.max(1e-7, Math.min(1 - 1e-7, p)) / (1 - Math.max(1e-7, Math.min(1 - 1e-7, p))));
const midpoint = (p: number, q: number) => 1 / (1 + Math.exp(-(logit(p) + logit(q)) / 2));

/**
 * Thresholds for the three safety scores (see the top of this file). `budget` is the share of the
 * ordinary examples that may be flagged (rules' own hits count against it too).
 */
export function budgetedThresholds(examples: readonly ThresholdExample[], budget: number): SafetyThresholds {
  const nOrdinary = examples.filter((x) => x.label === 'ordinary').length;
  const allowed = Math.floor(budget * nOrdinary + 1e-9);
  const cats = examples.map((x) => new Set(x.rules));
  const t: SafetyThresholds = { opt_out: Infinity, threat: Infinity, threat_unanchored: Infinity, minor: Infinity };
  let spent = examples.reduce((n, x, i) => n + (isCostly(x.label) && cats[i]!.size > 0 ? 1 : 0), 0);
  const order = Object.fromEntries(
    THRESHOLD_KEYS.map((k) => [k, examples.map((_, i) => i).filter((i) => applies(k, examples[i]!)).sort((a, b) => examples[b]!.scores[categoryOf(k)] - examples[a]!.scores[categoryOf(k)] || a - b)]),
  ) as Record<ThresholdKey, number[]>;
  for (;;) {
    let best: { k: ThresholdKey; s: number; gain: number; cost: number } | undefined;
    for (const k of THRESHOLD_KEYS) {
      const c = categoryOf(k);
      let gain = 0;
      let cost = 0;
      const idx = order[k];
      for (let j = 0; j < idx.length; j++) {
        const i = idx[j]!;
        const x = examples[i]!;
        const s = x.scores[c];
        if (s >= t[k]) continue;
        if (!cats[i]!.has(c)) {
          if (!isCaught(x.label, cats[i]!) && isCaught(x.label, new Set([...cats[i]!, c]))) gain++;
          if (isCostly(x.label) && cats[i]!.size === 0) cost++;
        }
        // a move ends only after every example with the same score
        const next = idx[j + 1];
        if (next !== undefined && examples[next]!.scores[c] === s) continue;
        if (gain === 0 || spent + cost > allowed) continue;
        const better =
          !best ||
          (cost === 0 && best.cost === 0 ? gain > best.gain : cost === 0 ? true : best.cost === 0 ? false : gain / cost > best.gain / best.cost || (gain / cost === best.gain / best.cost && cost < best.cost));
        if (better) best = { k, s, gain, cost };
      }
    }
    if (!best) break;
    const c = categoryOf(best.k);
    for (const i of order[best.k]) if (examples[i]!.scores[c] >= best.s && examples[i]!.scores[c] < t[best.k]) cats[i]!.add(c);
    t[best.k] = best.s;
    spent += best.cost;
  }
  const out = {} as SafetyThresholds;
  for (const k of THRESHOLD_KEYS) {
    if (t[k] === Infinity) {
      out[k] = 1;
      continue;
    }
    const c = categoryOf(k);
    const lower = order[k].map((i) => examples[i]!.scores[c]).find((s) => s < t[k]);
    out[k] = lower === undefined ? t[k] : midpoint(t[k], lower);
  }
  return out;
}
