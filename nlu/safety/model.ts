// The safety reader's own model: multinomial logistic regression over the six labels of
// data/safety (opt_out, threat, minor, ordinary, promo, first_other) on the act classifier's
// hashed features plus a few safety cue groups (family, school, violence, …), trained with the
// same seeded SGD (softmax-model.ts). It does not look at the act classifier's output.
//
// Its probabilities are then calibrated per category on data/safety/validation.jsonl (Platt
// scaling, one-vs-rest), and thresholds are chosen there:
//   - opt_out, threat, minor: recall first within a budget of false alarms on validation's
//     ordinary lines (thresholds.ts, FALSE_ALARM_BUDGET). The threat score has a threshold for
//     messages with a sign of harm or menace and a (higher) one for the rest; the minor score
//     counts only for messages with a sign of youth (anchors.ts);
//   - promo: two thresholds, one for first messages that show a sign of a drug business
//     (anchors.ts: goods, prices, delivery, "zelfde zaak"…) and a higher one for those that do not
//     (a bare "new number, save it" is a dealer's as often as a friend's), chosen together so that
//     validation promo recall stays ≥ 95% with the fewest first_other messages engaged, each placed
//     halfway down to the next lower non-promo score of its group.
// Everything is deterministic: the same data, rules and code give the same model file.
import { createHash } from 'node:crypto';
import { isFirstName } from '../../core/first-names.js';
import { DEALER_ACTS, type DealerAct } from '../../core/acts.js';
import { Rng } from '../../lib/random.js';
import { cues } from '../cues.js';
import { DEFAULT_TRAIN, SoftmaxModel, type TrainOptions } from '../softmax-model.js';
import { FEATURE_DIM, type FeatureOptions, featureBucket, type SparseFeatures, TextFeaturizer } from '../text-features.js';
import { SAFETY_LABELS, type SafetyExample, type SafetyLabel } from './data.js';
import { minorAnchored, promoAnchored, promoVetoed, threatAnchored } from './anchors.js';
import { concepts } from './lexicon.js';
import { ruleHits, type SafetyCategory, SAFETY_CATEGORIES } from './rules.js';
import { budgetedThresholds } from './thresholds.js';

export const SAFETY_SEED = 20191103;
/**
 * The model's classes: the six labels of data/safety, then the dealer acts of the ordinary
 * examples taken from the dealer-act data set. "Ordinary" is many kinds of talk (prices,
 * suspicion, annoyance, logistics…); as one class a linear model cannot carve it out from the
 * veiled threats and opt-outs it borders on, as several it can. The probability of `ordinary`
 * is the sum of these classes.
 */
export const ORDINARY_ACTS: readonly DealerAct[] = DEALER_ACTS.filter((a) => a !== 'promo' && a !== 'opt_out' && a !== 'threat');
export const SAFETY_CLASSES: readonly string[] = [...SAFETY_LABELS, ...ORDINARY_ACTS.map((a) => `ordinary:${a}`)];

function classOf(e: SafetyExample): number {
  const i = SAFETY_CLASSES.indexOf(e.label === 'ordinary' && e.act ? `ordinary:${e.act}` : e.label);
  if (i < 0) throw new RangeError(`no safety class for ${e.label}/${e.act}`);
  return i;
}
/** what a threshold is chosen for: the three safety categories and the promo gate */
export type ScoredCategory = SafetyCategory | 'promo';
export const SCORED_CATEGORIES: readonly ScoredCategory[] = [...SAFETY_CATEGORIES, 'promo'];

export const PROMO_RECALL_TARGET = 0.95;

export interface SafetyTrainOptions extends Omit<TrainOptions, 'rng'> {
  seed: number;
  /** weight of one safety cue group relative to one word feature */
  safetyCueWeight: number;
  /** weight of one concept of the bilingual lexicon (lexicon.ts) */
  conceptWeight: number;
  /** weight of one word pair two or three words apart ("uw … toch", "ur … sister"); 0 turns them off */
  pairWeight: number;
}

export const DEFAULT_SAFETY_TRAIN: SafetyTrainOptions = { ...DEFAULT_TRAIN, epochs: 30, seed: SAFETY_SEED, safetyCueWeight: 1, conceptWeight: 1, pairWeight: 0 };

// Safety cue groups: one extra feature per group present, so that a word seen once in training
// shares the weight of its group. Matched on the folded tokens the featurizer produced.
const SAFETY_GROUPS: Readonly<Record<string, string>> = {
  parent: 'mama mam ma moeder mum mom mommy papa pa vader dad daddy ouders parents stiefvader stiefmoeder stepdad stepmom stepmum',
  grand: 'oma opa bomma bompa grootmoeder grootvader grandma grandmother grandad grandpa grandfather nan nana granny schoonvader schoonmoeder',
  school:
    'school skool klas class les lessen juf meester leerkracht leraar lerares teacher speeltijd recess middelbaar secundair humaniora ' +
    'huiswerk homework examen examens exam exams toets test detention studie bijles refter assembly homeroom leerjaar grade rapport ' +
    'schoolpoort schoolbus internaat atheneum college lyceum turnles gym pe',
  kid_money: 'zakgeld pocket allowance weekgeld verjaardagsgeld krantenronde',
  violence:
    'kapot dood dead kill killen vermoord murder steek steken stab schiet schieten shoot sla slaan breek breken break bloed bloeden bleed ' +
    'pijn hurt ziekenhuis hospital knieen knees benen legs tanden teeth kop jaw nose neus kogel bullet mes knife gun wapen brand burn ' +
    'afmaken end ruin verdwijnen disappear',
  menace:
    'mannen boys lads jongens gasten vrienden friends neef cousin broer brothers adres address huis house deur door voordeur ' +
    'auto car familie family straat street gezicht face foto photo pic insta buurt area locatie location nacht night alleen alone ' +
    'veilig safe binnenkort soon wachten wait vergeten forget onthoud remember spijt regret',
  veiled:
    'probleem problemen problem problems trouble gevolgen consequences spijt regret waarschuwing gewaarschuwd warning warned ' +
    'voorzichtig careful bidden pray verzekerd verzekering insured insurance lesje lesson vijand enemy wraak revenge payback ' +
    'schuldig owe slot locks ramen windows gezelschap company bezoek bezoekje visit gevolgd volgen followed following ' +
    'onthoud remember vergeven forgive rekenen count counting tick tock',
  innocent:
    'werk work bedrijf company kantoor office praktijk nooit never besteld ordered gevraagd spam blokkeren block blocked geblokkeerd ' +
    'gemeld reported report melden rapporteren provider politie police flikken cops wijkagent illegaal illegal drugs',
  stop: 'stop stoppen stopt gerust rust alleen uitschrijven unsubscribe verwijder remove delete wissen lose interesse interested',
  new_number: 'nummer number nr numero gsm phone digits line lijn',
  // a first message from a person, not a broadcast: endearments, family, "it's me"
  personal: 'schat schatje lieverd liefje babe honey hun mama mam mum mom papa dad zus sis broer',
  same_shop: 'zaak service plug kwaliteit quality leverancier levering delivery prijzen prices menu stock voorraad lading batch',
};
const GROUP_OF = new Map<string, string>();
for (const [g, words] of Object.entries(SAFETY_GROUPS)) for (const w of words.split(' ')) if (!GROUP_OF.has(w)) GROUP_OF.set(w, g);

// drug emoji and price-list shapes that mark a broadcast ("🍀 10 | 🍫 10 | ❄️ 60", "1g 60", "7/7")
const PROMO_EMOJI = /[\u{2744}\u{1F340}\u{1F36B}\u{1F48A}\u{1F344}\u{1F33F}\u{1F50C}\u{1F9CA}\u{1F36C}\u{1F48E}\u{1F9F1}\u{1F343}\u{1F4A8}\u{1F4AF}\u{1F4F2}\u{1F4F1}]/u;
const PRICE_LIST = /(\d+ ?(g|gr|gram)\b ?[:=-]? ?\d+|\d+ ?(€|e|eur|euro)? ?\/ ?(g|gr|gram|st|stuk)\b|\b\d+ (voor|for) \d+|\d ?\+ ?\d|[|•▶]|\b(7\/7|24\/7)\b)/u;
const AGE_NUMBER = /\b(ik ben|kben|ben|im|i am|kzen|zen|turn|word|only|pas|nog maar) (1[0-7]|[89])\b/;
// Function words (pronouns, articles, particles) carry no safety evidence of their own, but the
// data sets use them unevenly ("u" and "ur" are far more frequent in the threats than in the
// ordinary lines), so a model would learn "u" = threat. Their word and stem features are dropped
// from the safety model's input; bigrams and character n-grams keep them in context ("find u").
const FUNCTION_WORDS = (
  'u ur ge gij gy je jij jou jullie you ya yu your uw ik k i im ill ive id me mij mn my mijn me we wij us ons ze zij hij he she they him her ' +
  'het t de den the a an een ne nen is s zijt zijde bent ben are r am was were be maar but en and of or dan then da dat that this dit die deze ' +
  'om te to voor for in op aan at on van from of met with er here hier there daar so zo al just wel ok oke lol haha he hé'
).split(' ');
const P_SAFETY_CUE = 64;
const P_CONCEPT = 65;
const P_PAIR = 66;
/** word pairs with one or two words between them (the act featurizer's bigrams cover neighbours) */
const PAIR_GAPS = [2, 3];

/** The act featurizer's features plus the safety cue groups, re-normalised to unit L2 norm. */
export interface SafetyFeatureWeights {
  safetyCueWeight: number;
  conceptWeight: number;
  pairWeight: number;
}

const dropCache = new WeakMap<TextFeaturizer, Map<string, Set<number>>>();

/** The word and stem buckets of the function words, per featurizer and language. */
function functionWordBuckets(featurizer: TextFeaturizer, lang: 'nl' | 'en'): Set<number> {
  let byLang = dropCache.get(featurizer);
  if (!byLang) dropCache.set(featurizer, (byLang = new Map()));
  let set = byLang.get(lang);
  if (!set) {
    set = new Set();
    for (const t of FUNCTION_WORDS) {
      const b = featurizer.tokenBuckets(t, lang);
      set.add(b.word);
      if (b.stem >= 0) set.add(b.stem);
    }
    byLang.set(lang, set);
  }
  return set;
}

export function safetyFeatures(featurizer: TextFeaturizer, text: string, base = featurizer.extract(text), w: SafetyFeatureWeights = DEFAULT_SAFETY_TRAIN): SparseFeatures {
  const cueWeight = w.safetyCueWeight;
  const { folded, tokens } = featurizer.tokens(text);
  const drop = functionWordBuckets(featurizer, base.lang);
  const extra: string[] = [];
  for (const t of tokens) {
    const g = GROUP_OF.get(t);
    if (g) extra.push(g);
  }
  if (PROMO_EMOJI.test(text)) extra.push('promo_emoji');
  if (PRICE_LIST.test(folded)) extra.push('price_list');
  if (AGE_NUMBER.test(folded)) extra.push('age_number');
  if (tokens.some(isFirstName)) extra.push('first_name');
  for (const c of cues(folded, tokens)) if (c === 'money' || c === 'time') extra.push(`cue_${c}`);
  if (cueWeight === 0) extra.length = 0;
  const cons = w.conceptWeight > 0 ? concepts(tokens) : [];
  const pairs: string[] = [];
  if (w.pairWeight > 0) for (const g of PAIR_GAPS) for (let i = 0; i + g < tokens.length; i++) pairs.push(tokens[i]! + ' ' + tokens[i + g]!);
  // undo the base normalisation's scale: the first feature (language) always has raw value 1
  const scale = 1 / base.val[0]!;
  const idx = new Uint32Array(base.idx.length + extra.length + cons.length + pairs.length);
  const val = new Float32Array(idx.length);
  let norm = 0;
  let at = 0;
  for (let k = 0; k < base.val.length; k++) {
    if (drop.has(base.idx[k]!)) continue;
    idx[at] = base.idx[k]!;
    val[at] = base.val[k]! * scale;
    norm += val[at]! * val[at]!;
    at++;
  }
  const end = at + extra.length + cons.length + pairs.length;
  for (const e of extra) {
    idx[at] = featureBucket(P_SAFETY_CUE, e);
    val[at++] = cueWeight;
    norm += cueWeight * cueWeight;
  }
  for (const c of cons) {
    idx[at] = featureBucket(P_CONCEPT, c);
    val[at++] = w.conceptWeight;
    norm += w.conceptWeight * w.conceptWeight;
  }
  for (const p of pairs) {
    idx[at] = featureBucket(P_PAIR, p);
    val[at++] = w.pairWeight;
    norm += w.pairWeight * w.pairWeight;
  }
  const inv = 1 / Math.sqrt(norm);
  for (let k = 0; k < end; k++) val[k] = val[k]! * inv;
  return { idx: idx.subarray(0, end), val: val.subarray(0, end), lang: base.lang };
}

export function trainSafetyModel(examples: readonly SafetyExample[], featurizer: TextFeaturizer, opts: SafetyTrainOptions = DEFAULT_SAFETY_TRAIN): SoftmaxModel {
  const xs = examples.map((e) => safetyFeatures(featurizer, e.text, undefined, opts));
  const ys = examples.map(classOf);
  const { seed, safetyCueWeight: _w, conceptWeight: _c, pairWeight: _p, ...train } = opts;
  return SoftmaxModel.train(xs, ys, FEATURE_DIM, SAFETY_CLASSES.length, { ...train, rng: new Rng(seed) });
}

/** Identity of a safety data set (text and label of every example, in order). */
export function safetyDatasetFingerprint(examples: readonly SafetyExample[]): string {
  const h = createHash('sha256');
  for (const e of examples) h.update(JSON.stringify([e.text, e.label, e.lang]) + '\n');
  return h.digest('hex').slice(0, 16);
}

// ---- calibration ----

export interface Platt {
  /** calibrated p = 1 / (1 + exp(-(a · logit(raw) + b))) */
  a: number;
  b: number;
}

const EPS = 1e-7;
export const logit = (p: number): number => {
  const q = Math.min(1 - EPS, Math.max(EPS, p));
  return Math.log(q / (1 - q));
};
export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

export function applyPlatt(c: Platt, raw: number): number {
  return sigmoid(c.a * logit(raw) + c.b);
}

/**
 * Platt scaling fitted by Newton's method on the log-odds of the raw probabilities, with Platt's
 * smoothed targets ((N₊+1)/(N₊+2) and 1/(N₋+2)) so that separable data gives a finite slope.
 */
export function fitPlatt(raw: readonly number[], positive: readonly boolean[]): Platt {
  const n = raw.length;
  const nPos = positive.filter(Boolean).length;
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) throw new RangeError(`Platt scaling needs positives and negatives (got ${nPos} and ${nNeg})`);
  const hi = (nPos + 1) / (nPos + 2);
  const lo = 1 / (nNeg + 2);
  const z = raw.map(logit);
  const t = positive.map((p) => (p ? hi : lo));
  let a = 1;
  let b = 0;
  const loss = (a: number, b: number) => {
    let l = 0;
    for (let i = 0; i < n; i++) {
      const f = a * z[i]! + b;
      // -[t log σ(f) + (1-t) log(1-σ(f))], stable
      l += Math.max(f, 0) - t[i]! * f + Math.log1p(Math.exp(-Math.abs(f)));
    }
    return l;
  };
  let current = loss(a, b);
  for (let it = 0; it < 100; it++) {
    let gA = 0, gB = 0, hAA = 1e-9, hAB = 0, hBB = 1e-9;
    for (let i = 0; i < n; i++) {
      const p = sigmoid(a * z[i]! + b);
      const d = p - t[i]!;
      const w = p * (1 - p);
      gA += d * z[i]!;
      gB += d;
      hAA += w * z[i]! * z[i]!;
      hAB += w * z[i]!;
      hBB += w;
    }
    const det = hAA * hBB - hAB * hAB;
    if (!(det > 0)) break;
    let dA = (hBB * gA - hAB * gB) / det;
    let dB = (hAA * gB - hAB * gA) / det;
    // backtracking line search keeps every step a descent
    let step = 1;
    let next = loss(a - dA, b - dB);
    while (next > current && step > 1e-6) {
      step /= 2;
      next = loss(a - step * dA, b - step * dB);
    }
    dA *= step;
    dB *= step;
    a -= dA;
    b -= dB;
    const done = Math.abs(current - next) < 1e-12 * Math.max(1, current);
    current = next;
    if (done) break;
  }
  return { a, b };
}

// ---- thresholds ----

/** Halfway, in log-odds, between two probabilities. */
function midpoint(p: number, q: number): number {
  return sigmoid((logit(p) + logit(q)) / 2);
}

/** The highest threshold with recall ≥ target over `positives`, halfway down to the next lower negative. */
export function recallTargetThreshold(positives: readonly number[], negatives: readonly number[], target: number): number {
  if (positives.length === 0) return 1;
  const sorted = [...positives].sort((a, b) => a - b);
  const misses = Math.floor((1 - target) * sorted.length + 1e-9);
  const keep = sorted[misses]!;
  const below = negatives.filter((s) => s < keep);
  return below.length ? midpoint(keep, Math.max(...below)) : keep;
}

// ---- the scorer (model + calibration) ----

export type RawScores = Record<SafetyLabel, number>;
export type Scores = Record<ScoredCategory, number>;

export interface SafetyScorer {
  readonly featurizer: TextFeaturizer;
  readonly model: SoftmaxModel;
  readonly weights: SafetyFeatureWeights;
  /** raw softmax probabilities of the six labels */
  raw(text: string, base?: SparseFeatures): RawScores;
}

export function createScorer(model: SoftmaxModel, featurizer: TextFeaturizer, weights: SafetyFeatureWeights): SafetyScorer {
  const probs = new Float64Array(SAFETY_CLASSES.length);
  const w = { safetyCueWeight: weights.safetyCueWeight, conceptWeight: weights.conceptWeight, pairWeight: weights.pairWeight };
  return {
    featurizer,
    model,
    weights: w,
    raw(text, base) {
      model.probabilities(safetyFeatures(featurizer, text, base, w), probs);
      const out = {} as RawScores;
      SAFETY_LABELS.forEach((c, i) => (out[c] = probs[i]!));
      for (let i = SAFETY_LABELS.length; i < probs.length; i++) out.ordinary += probs[i]!;
      return out;
    },
  };
}

export type Calibration = Record<ScoredCategory, Platt>;
/** per category; `promo` applies to first messages with a sign of a drug business, `promo_unanchored` to the rest */
export type Thresholds = Record<ScoredCategory, number> & { promo_unanchored: number; threat_unanchored: number };

/** The two promo thresholds (see the top of this file). */
export function promoThresholds(
  examples: readonly SafetyExample[],
  promo: readonly number[],
  anchored: readonly boolean[],
  /** the safety reader flags it: never engaged, whatever its promo score (counts as a miss) */
  flagged: readonly boolean[] = examples.map(() => false),
  target = PROMO_RECALL_TARGET,
  /** may a first message without a sign of a drug business be engaged at all */
  unanchoredAllowed = true,
): { anchored: number; unanchored: number } {
  const group = (a: boolean, pred: (e: SafetyExample, i: number) => boolean) => examples.flatMap((e, i) => (anchored[i] === a && pred(e, i) ? [promo[i]!] : []));
  const isPromo = (e: SafetyExample) => e.label === 'promo';
  const pos = { a: group(true, (e, i) => isPromo(e) && !flagged[i]).sort((x, y) => x - y), u: group(false, (e, i) => isPromo(e) && !flagged[i]).sort((x, y) => x - y) };
  const other = { a: group(true, (e, i) => e.label === 'first_other' && !flagged[i]), u: group(false, (e, i) => e.label === 'first_other' && !flagged[i]) };
  const neg = { a: group(true, (e) => !isPromo(e)), u: group(false, (e) => !isPromo(e)) };
  const n = examples.filter(isPromo).length;
  const misses = Math.max(0, Math.floor((1 - target) * n + 1e-9) - examples.filter((e, i) => isPromo(e) && flagged[i]).length);
  const at = (xs: number[], i: number) => (i < xs.length ? xs[i]! : 1);
  let best: { i: number; j: number; cost: number } | undefined;
  // without unanchored engagement every unanchored promo is a miss, spent from the budget first
  const jFixed = unanchoredAllowed ? -1 : pos.u.length;
  const budget = unanchoredAllowed ? misses : Math.max(0, misses - pos.u.length);
  for (let i = 0; i <= Math.min(budget, pos.a.length); i++) {
    for (let j = jFixed < 0 ? 0 : jFixed; j <= (jFixed < 0 ? Math.min(misses - i, pos.u.length) : jFixed); j++) {
      const ta = at(pos.a, i);
      const tu = at(pos.u, j);
      const engaged = (xs: number[], t: number) => xs.filter((x) => x >= t).length;
      // fewest first_other engaged, then fewest other non-promo messages engaged, then the most promos
      const cost = 1e6 * (engaged(other.a, ta) + engaged(other.u, tu)) + 1e3 * (engaged(neg.a, ta) + engaged(neg.u, tu)) + (i + j);
      if (!best || cost < best.cost) best = { i, j, cost };
    }
  }
  const margin = (xs: number[], i: number, negs: number[]) => {
    const t = at(xs, i);
    const below = negs.filter((x) => x < t);
    return below.length && t < 1 ? midpoint(t, Math.max(...below)) : t;
  };
  return { anchored: margin(pos.a, best!.i, neg.a), unanchored: unanchoredAllowed ? margin(pos.u, best!.j, neg.u) : 1 };
}

export function calibrate(calibration: Calibration, raw: RawScores): Scores {
  const out = {} as Scores;
  for (const c of SCORED_CATEGORIES) out[c] = applyPlatt(calibration[c], raw[c]);
  return out;
}

/** Does the threat score fire: the signed threshold with a sign of harm or menace, the other without. */
export function threatFires(score: number, signed: boolean, th: Pick<Thresholds, 'threat' | 'threat_unanchored'>): boolean {
  return score >= (signed ? th.threat : th.threat_unanchored);
}

/**
 * The share of validation's ordinary lines the safety thresholds may flag (thresholds.ts): the
 * goal allows 2% of ordinary talk; out of fold, on writers the model has not seen, the reader flags
 * more than on validation, so the budget keeps a margin below it.
 */
export const FALSE_ALARM_BUDGET = 0.01;

/** Platt scaling per scored category, fitted on validation (one-vs-rest). */
export function fitCalibration(scorer: SafetyScorer, validation: readonly SafetyExample[]): Calibration {
  const raws = validation.map((e) => scorer.raw(e.text));
  const calibration = {} as Calibration;
  for (const c of SCORED_CATEGORIES) calibration[c] = fitPlatt(raws.map((r) => r[c]), validation.map((e) => e.label === c));
  return calibration;
}

/** A labelled message with the calibrated scores of a model that did not learn from it. */
export interface ScoredExample {
  example: SafetyExample;
  scores: Scores;
}

/**
 * The thresholds (see the top of this file), chosen on messages scored by models that did not
 * learn from them: validation, and the out-of-fold scores of the training blocks (train.ts).
 */
export function chooseThresholds(featurizer: TextFeaturizer, scored: readonly ScoredExample[], opts: { falseAlarmBudget?: number } = {}): Thresholds {
  const examples = scored.map((x) => x.example);
  const scores = scored.map((x) => x.scores);
  const thresholds = {} as Thresholds;
  // the threat score has a threshold for messages with a sign of harm or menace and one for the
  // rest; the minor score fires only with a sign of youth (anchors.ts)
  const tokens = examples.map((e) => featurizer.tokens(e.text).tokens);
  const threatSign = examples.map((e, i) => threatAnchored(tokens[i]!, e.text));
  const youth = examples.map((e, i) => minorAnchored(tokens[i]!, e.text));
  const rules = examples.map((e) => ruleHits(e.text).map((h) => h.category));
  Object.assign(
    thresholds,
    budgetedThresholds(
      examples.map((e, i) => ({ label: e.label, rules: rules[i]!, scores: scores[i]!, signed: threatSign[i]!, youth: youth[i]! })),
      opts.falseAlarmBudget ?? FALSE_ALARM_BUDGET,
    ),
  );
  const anchored = examples.map((e, i) => promoAnchored(tokens[i]!, e.text));
  // flagged or vetoed (anchors.ts): never engaged, whatever the promo score
  const flagged = examples.map(
    (e, i) =>
      promoVetoed(tokens[i]!, e.text) ||
      rules[i]!.length > 0 ||
      threatFires(scores[i]!.threat, threatSign[i]!, thresholds) ||
      scores[i]!.opt_out >= thresholds.opt_out ||
      (youth[i]! && scores[i]!.minor >= thresholds.minor),
  );
  const promo = promoThresholds(examples, scores.map((s) => s.promo), anchored, flagged, PROMO_RECALL_TARGET, false);
  thresholds.promo = promo.anchored;
  // A first message without a sign of a drug business is never engaged (anchors.ts): on
  // validation the fitted threshold engaged "Dit is Sven, nieuwe gsm, sla maar op!" and a
  // "Mum it's me, new number" to reach the promo recall target.
  thresholds.promo_unanchored = promo.unanchored;
  return thresholds;
}

/**
 * Platt calibration on validation, and thresholds on validation plus `unseen` (out-of-fold
 * scored training lines, when given).
 */
export function fitOperatingPoints(
  scorer: SafetyScorer,
  validation: readonly SafetyExample[],
  opts: { falseAlarmBudget?: number; unseen?: readonly ScoredExample[] } = {},
): { calibration: Calibration; thresholds: Thresholds } {
  const calibration = fitCalibration(scorer, validation);
  const scored = [...(opts.unseen ?? []), ...validation.map((example) => ({ example, scores: calibrate(calibration, scorer.raw(example.text)) }))];
  return { calibration, thresholds: chooseThresholds(scorer.featurizer, scored, opts) };
}

export type { FeatureOptions };
