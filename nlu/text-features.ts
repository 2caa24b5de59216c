// Hashed sparse features of one message: words, stems (natural's Porter stemmers for nl/en),
// word bigrams, character 3/4-grams (robust to typos and glued words) and symbols (emoji, €, ?).
// A message becomes parallel arrays of bucket indices and values; repeated buckets simply add up.
import AggressiveTokenizerNl from 'natural/lib/natural/tokenizers/aggressive_tokenizer_nl.js';
import AggressiveTokenizer from 'natural/lib/natural/tokenizers/aggressive_tokenizer.js';
import PorterStemmerNl from 'natural/lib/natural/stemmers/porter_stemmer_nl.js';
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import type { Lang } from '../core/lang.js';
import { detectLanguage } from './language.js';
import { cues } from './cues.js';
import { foldText } from './normalize.js';

export const FEATURE_BITS = 16;
export const FEATURE_DIM = 1 << FEATURE_BITS;
const MASK = FEATURE_DIM - 1;

export interface SparseFeatures {
  idx: Uint32Array;
  val: Float32Array;
  lang: Lang;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function fnv(prefix: number, s: string, from = 0, to = s.length): number {
  let h = Math.imul(FNV_OFFSET ^ prefix, FNV_PRIME);
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h;
}

/** Final avalanche: FNV's low bits are weak and we keep only the low FEATURE_BITS. */
function bucket(h: number): number {
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  h = Math.imul(h, 0x297a2d39);
  h ^= h >>> 15;
  return (h >>> 0) & MASK;
}

function hashWithPrefix(prefix: number, s: string, from = 0, to = s.length): number {
  return bucket(fnv(prefix, s, from, to));
}

/** The bucket of a named feature of another family (prefix ≥ 64, so it shares no prefix with the ones here). */
export function featureBucket(prefix: number, name: string): number {
  if (!(prefix >= 64)) throw new RangeError(`feature prefix ${prefix} is reserved (use ≥ 64)`);
  return hashWithPrefix(prefix, name);
}

/** Per-token features, cached: word, stem (or digit shape) buckets and a raw hash for bigrams. */
interface TokenFeatures {
  word: number;
  stem: number;
  raw: number;
}

// one prefix code per feature family so that the word "ge" and the char-gram "ge" differ
const P_WORD = 1, P_STEM = 2, P_BIGRAM = 3, P_SYMBOL = 6, P_SHAPE = 7, P_META = 8, P_CUE = 9, P_CHAR = 16;

const START = fnv(P_BIGRAM, '<s>');
const END = fnv(P_BIGRAM, '</s>');
const SYMBOL = /[^a-z0-9\s]/gu;

const tokenizerNl = new AggressiveTokenizerNl();
const tokenizerEn = new AggressiveTokenizer();

export interface Tokenised {
  folded: string;
  tokens: readonly string[];
  lang: Lang;
}

let lastTokenised: (Tokenised & { text: string }) | undefined;

function tokenise(text: string): Tokenised {
  const folded = foldText(text);
  const rough = folded.split(/[^a-z0-9]+/).filter((t) => t.length > 0);
  const lang = detectLanguage(rough);
  const tokens = (lang === 'nl' ? tokenizerNl : tokenizerEn)
    .tokenize(folded)
    .map((t) => t.replace(/^[-/]+|[-/]+$/g, ''))
    .filter((t) => t.length > 0);
  return { folded, tokens, lang };
}

/**
 * Extracts features; keeps a bounded cache of per-token features because Porter stemming
 * dominates the cost and dealer vocabulary is small and repetitive.
 */
export interface FeatureOptions {
  charGrams: readonly number[];
  bigrams: boolean;
  stems: boolean;
  /** weight of one char n-gram relative to one word feature */
  charWeight: number;
  /** weight of one cue group (cues.ts); 0 turns them off */
  cueWeight: number;
}

export const DEFAULT_FEATURES: FeatureOptions = { charGrams: [3, 4], bigrams: true, stems: true, charWeight: 0.5, cueWeight: 1 };

export class TextFeaturizer {
  private readonly tokenCache = new Map<string, TokenFeatures>();
  private readonly maxCache: number;
  readonly options: FeatureOptions;

  constructor(options: Partial<FeatureOptions> = {}, maxCache = 50_000) {
    this.options = { ...DEFAULT_FEATURES, ...options };
    this.maxCache = maxCache;
  }

  /**
   * Folded, language-tokenised words and the detected language. The last result is kept (for
   * every featurizer: it does not depend on the options), because classify() reads the same text
   * three times (act features, safety features, safety anchors); callers must not change it.
   */
  tokens(text: string): Tokenised {
    if (text !== lastTokenised?.text) lastTokenised = { text, ...tokenise(text) };
    return lastTokenised;
  }

  private token(raw: string, lang: Lang): TokenFeatures {
    const key = lang === 'nl' ? raw : '\u0001' + raw;
    let f = this.tokenCache.get(key);
    if (f === undefined) {
      // runs of 3+ letters are emphasis ("okeee", "stooop"): keep two
      const t = raw.replace(/([a-z])\1{2,}/g, '$1$1');
      if (/[0-9]/.test(t)) {
        const shape = hashWithPrefix(P_SHAPE, t.replace(/[0-9]+/g, '0'));
        f = { word: shape, stem: -1, raw: fnv(P_BIGRAM, t) };
      } else {
        const stem = lang === 'nl' ? PorterStemmerNl.stem(t) : PorterStemmer.stem(t);
        f = { word: hashWithPrefix(P_WORD, t), stem: hashWithPrefix(P_STEM, stem), raw: fnv(P_BIGRAM, t) };
      }
      if (this.tokenCache.size >= this.maxCache) this.tokenCache.clear();
      this.tokenCache.set(key, f);
    }
    return f;
  }

  /** The word and stem buckets a token gets in `extract` (stem -1 for tokens with digits). */
  tokenBuckets(token: string, lang: Lang): { word: number; stem: number } {
    const f = this.token(token, lang);
    return { word: f.word, stem: f.stem };
  }

  extract(text: string): SparseFeatures {
    const { folded, tokens, lang } = this.tokens(text);
    const o = this.options;
    const idx: number[] = [];
    idx.push(hashWithPrefix(P_META, lang === 'nl' ? 'lang:nl' : 'lang:en'));
    let prev = START;
    for (const raw of tokens) {
      const f = this.token(raw, lang);
      idx.push(f.word);
      if (o.stems && f.stem >= 0) idx.push(f.stem);
      if (o.bigrams) idx.push(bucket(Math.imul(prev, 0x9e3779b1) ^ f.raw));
      prev = f.raw;
    }
    if (o.bigrams) idx.push(bucket(Math.imul(prev, 0x9e3779b1) ^ END));
    const wordFeatures = idx.length;
    const joined = ' ' + tokens.join(' ').replace(/([a-z])\1{2,}/g, '$1$1') + ' ';
    for (const n of o.charGrams) {
      for (let i = 0; i + n <= joined.length; i++) idx.push(hashWithPrefix(P_CHAR + n, joined, i, i + n));
    }
    const charEnd = idx.length;
    // symbols and emoji (one code point each); letters, digits and spaces are covered above
    const symbols = folded.match(SYMBOL);
    if (symbols) for (const ch of symbols) idx.push(hashWithPrefix(P_SYMBOL, ch));
    if (tokens.length <= 2) idx.push(hashWithPrefix(P_META, 'short'));
    const cueStart = idx.length;
    if (o.cueWeight > 0) for (const c of cues(folded, tokens)) idx.push(hashWithPrefix(P_CUE, c));
    // each message gets unit L2 norm (counting repeats), so long promos do not dominate training
    const val = new Float32Array(idx.length);
    let norm = 0;
    for (let k = 0; k < idx.length; k++) {
      val[k] = k >= wordFeatures && k < charEnd ? o.charWeight : k >= cueStart ? o.cueWeight : 1;
      norm += val[k]! * val[k]!;
    }
    const inv = 1 / Math.sqrt(norm);
    for (let k = 0; k < val.length; k++) val[k] = val[k]! * inv;
    return { idx: Uint32Array.from(idx), val, lang };
  }
}
