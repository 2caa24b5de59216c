// The safety reader: explicit rules (rules.ts) plus a model of its own (model.ts) with a
// calibrated probability and a threshold per category (chosen on data/safety/validation.jsonl).
// A category fires on a rule hit or on its probability ≥ its threshold. It does not depend on the
// act classifier: it only reuses the same hashed text features when they are at hand.
//
// It also scores the promo gate of hard rule 1: `promo` is the calibrated promo probability mapped
// onto the scale of the runtime's `promoThreshold`, so that 0.7 (the config default) is the
// operating point chosen on validation (≥ 95% promo recall) — see promoConfidence().
import type { SafetyFlag } from '../../core/acts.js';
import type { SparseFeatures } from '../text-features.js';
import { minorAnchored, promoAnchored, promoVetoed, threatAnchored } from './anchors.js';
import { calibrate, createScorer, threatFires, type RawScores, type Scores, type Thresholds } from './model.js';
import { type LoadedSafetyModel, readSafetyModelFile } from './model-file.js';
import { flagFor, type RuleHit, ruleHits, type SafetyCategory, SAFETY_CATEGORIES } from './rules.js';

/**
 * A concatenated SMS is at most ~1,600 characters. Longer input (a paste, an abuse of a webhook)
 * is scored on its first MAX_CHARS, and the rules also read its last MAX_CHARS, so cost stays
 * bounded and a trailing "STOP" is still seen.
 */
export const MAX_CHARS = 4000;

/** the runtime's default `promoThreshold`: where the validation operating point sits on the promo scale */
export const PROMO_OPERATING_POINT = 0.7;

/** Why a category fired: a named rule, or the calibrated probability against its threshold. */
export type SafetyReason =
  | { rule: string; category: SafetyCategory; match: string }
  | { score: number; threshold: number; category: SafetyCategory };

export interface SafetyReading {
  flag: SafetyFlag;
  /** the reason behind the flag (null when none): a rule before a score, threat before minor */
  reason: SafetyReason | null;
  /** every category that fired, each with its first reason, in category order */
  reasons: SafetyReason[];
  /** calibrated probabilities of the three categories */
  scores: Record<SafetyCategory, number>;
  /** calibrated probability that the message is a dealer promotion */
  promoProbability: number;
  /** promoProbability on the promoThreshold scale (promoConfidence) */
  promo: number;
  /** the message shows a sign of a drug business (anchors.ts), so the lower promo threshold applies */
  promoAnchored: boolean;
  /** the message shows it is from a shop, a service, a notice or a relative (anchors.ts): never engaged */
  promoVetoed: boolean;
}

export interface SafetyReader {
  read(text: string, base?: SparseFeatures): SafetyReading;
  readonly thresholds: Thresholds;
  /** the featurizer options the model was trained with (base features are reusable when equal) */
  readonly featureKey: string;
}

/**
 * The promo probability p on the scale of `promoThreshold`: linear from 0 to 0.7 below the
 * validation threshold t, and from 0.7 to 1 above it, so "≥ 0.7" means "≥ t". A stricter config
 * (0.8, 0.9) asks for a probability proportionally closer to 1; 0.5 (the lowest allowed) for 5/7 of t.
 */
export function promoConfidence(p: number, t: number): number {
  if (!(t > 0 && t < 1)) return p >= t ? 1 : 0;
  const c = p < t ? (PROMO_OPERATING_POINT * p) / t : PROMO_OPERATING_POINT + ((1 - PROMO_OPERATING_POINT) * (p - t)) / (1 - t);
  return Math.min(1, Math.max(0, c));
}

export function featureKeyOf(o: object): string {
  return JSON.stringify(o);
}

export function safetyReaderFrom(m: Pick<LoadedSafetyModel, 'model' | 'featurizer' | 'weights' | 'calibration' | 'thresholds'>): SafetyReader {
  const scorer = createScorer(m.model, m.featurizer, m.weights);
  const th = m.thresholds;
  return {
    thresholds: th,
    featureKey: featureKeyOf(m.featurizer.options),
    read(text, base) {
      const long = text.length > MAX_CHARS;
      const head = long ? text.slice(0, MAX_CHARS) : text;
      const raw: RawScores = scorer.raw(head, long ? undefined : base);
      const s: Scores = calibrate(m.calibration, raw);
      const hits: RuleHit[] = ruleHits(head);
      if (long) for (const h of ruleHits(text.slice(-MAX_CHARS))) if (!hits.some((x) => x.category === h.category)) hits.push(h);
      const tokens = m.featurizer.tokens(head).tokens;
      const signed = threatAnchored(tokens, head);
      const youth = minorAnchored(tokens, head);
      const reasons: SafetyReason[] = [];
      for (const c of SAFETY_CATEGORIES) {
        const hit = hits.find((h) => h.category === c);
        const t = c === 'threat' && !signed ? th.threat_unanchored : th[c];
        if (hit) reasons.push({ rule: hit.rule, category: c, match: hit.match });
        else if (c === 'threat' ? threatFires(s.threat, signed, th) : c === 'minor' ? youth && s.minor >= t : s[c] >= t) reasons.push({ score: round(s[c]), threshold: round(t), category: c });
      }
      const flag = flagFor(reasons.map((r) => r.category));
      const anchored = promoAnchored(tokens, head);
      const vetoed = promoVetoed(tokens, head);
      return {
        flag,
        reason: decisive(reasons),
        reasons,
        scores: { opt_out: s.opt_out, threat: s.threat, minor: s.minor },
        promoProbability: s.promo,
        promo: vetoed ? 0 : promoConfidence(s.promo, anchored ? th.promo : th.promo_unanchored),
        promoAnchored: anchored,
        promoVetoed: vetoed,
      };
    },
  };
}

/**
 * A reason in one short line for logs and operator alerts: the rule's name, or the score against
 * its threshold. Never the matched text (it is the dealer's, and may hold a number or a name).
 */
export function describeSafetyReason(r: SafetyReason): string {
  return 'rule' in r ? `rule ${r.category}/${r.rule}` : `score ${r.category} ${r.score.toFixed(2)} ≥ ${r.threshold.toFixed(2)}`;
}

/** escalate outranks stop; within a flag a rule outranks a score, then threat before minor */
function decisive(reasons: readonly SafetyReason[]): SafetyReason | null {
  const escalating = reasons.filter((r) => r.category !== 'opt_out');
  const pool = escalating.length ? escalating : reasons;
  return pool.find((r) => 'rule' in r) ?? pool[0] ?? null;
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

let shipped: SafetyReader | undefined;

/** The reader of the shipped model file nlu/safety/model.json, read once per process. */
export function loadSafetyReader(): SafetyReader {
  shipped ??= safetyReaderFrom(readSafetyModelFile());
  return shipped;
}
