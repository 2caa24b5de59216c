// Hashed sparse features of one message: words, stems (natural's Porter stemmers for nl/en),
// word bigrams, character 3/4-grams (robust to typos and glued words) and symbols (emoji, €, ?).
// A message becomes parallel arrays of bucket indices and values; repeated buckets simply add up.
import AggressiveTokenizerNl from 'natural/lib/natural/tokenizers/aggressive_tokenizer_nl.js';
import AggressiveTokenizer from 'natural/lib/natural/tokenizers/aggressive_tokenizer.js';
import PorterStemmerNl from 'natural/lib/natural/stemmers/porter_stemmer_nl.js';
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { detectLanguage, type Lang } from './language.js';
import { foldText } from './normalize.js';

export const FEATURE_BITS = 18;
export const FEATURE_DIM = 1 << FEATURE_BITS;
const MASK = FEATURE_DIM - 1;

export interface SparseFeatures {
  idx: Uint32Array;
  val: Float32Array;
  lang: Lang;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function hashWithPrefix(prefix: number, s: string, from = 0, to = s.length): number {
  let h = Math.imul(FNV_OFFSET ^ prefix, FNV_PRIME);
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  // final avalanche: FNV's low bits are weak and we keep only the low FEATURE_BITS
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return (h >>> 0) & MASK;
}

// one prefix code per feature family so that the word "ge" and the char-gram "ge" differ
const P_WORD = 1, P_STEM = 2, P_BIGRAM = 3, P_SYMBOL = 6, P_SHAPE = 7, P_META = 8, P_CHAR = 16;

const tokenizerNl = new AggressiveTokenizerNl();
const tokenizerEn = new AggressiveTokenizer();

/**
 * Extracts features; keeps a bounded cache of stems because Porter stemming dominates the cost
 * and dealer vocabulary is small and repetitive.
 */
export interface FeatureOptions {
  charGrams: readonly number[];
  bigrams: boolean;
  stems: boolean;
  /** weight of one char n-gram relative to one word feature */
  charWeight: number;
}

export const DEFAULT_FEATURES: FeatureOptions = { charGrams: [3, 4], bigrams: true, stems: true, charWeight: 1 };

export class TextFeaturizer {
  private readonly stemCache = new Map<string, string>();
  private readonly maxCache: number;
  readonly options: FeatureOptions;

  constructor(options: Partial<FeatureOptions> = {}, maxCache = 50_000) {
    this.options = { ...DEFAULT_FEATURES, ...options };
    this.maxCache = maxCache;
  }

  /** Folded, language-tokenised words and the detected language. */
  tokens(text: string): { folded: string; tokens: string[]; lang: Lang } {
    const folded = foldText(text);
    const rough = folded.split(/[^a-z0-9]+/).filter((t) => t.length > 0);
    const lang = detectLanguage(rough);
    const tokens = (lang === 'nl' ? tokenizerNl : tokenizerEn)
      .tokenize(folded)
      .map((t) => t.replace(/^[-/]+|[-/]+$/g, ''))
      .filter((t) => t.length > 0);
    return { folded, tokens, lang };
  }

  private stem(token: string, lang: Lang): string {
    const key = lang + token;
    let s = this.stemCache.get(key);
    if (s === undefined) {
      s = lang === 'nl' ? PorterStemmerNl.stem(token) : PorterStemmer.stem(token);
      if (this.stemCache.size >= this.maxCache) this.stemCache.clear();
      this.stemCache.set(key, s);
    }
    return s;
  }

  extract(text: string): SparseFeatures {
    const { folded, tokens, lang } = this.tokens(text);
    const o = this.options;
    const idx: number[] = [];
    idx.push(hashWithPrefix(P_META, lang === 'nl' ? 'lang:nl' : 'lang:en'));
    let prev = '<s>';
    for (const raw of tokens) {
      // runs of 3+ letters are emphasis ("okeee", "stooop"): keep two
      const t = raw.replace(/([a-z])\1{2,}/g, '$1$1');
      if (/[0-9]/.test(t)) {
        idx.push(hashWithPrefix(P_SHAPE, t.replace(/[0-9]+/g, '0')));
      } else {
        idx.push(hashWithPrefix(P_WORD, t));
        if (o.stems) idx.push(hashWithPrefix(P_STEM, this.stem(t, lang)));
      }
      if (o.bigrams) idx.push(hashWithPrefix(P_BIGRAM, prev + ' ' + t));
      prev = t;
    }
    if (o.bigrams) idx.push(hashWithPrefix(P_BIGRAM, prev + ' </s>'));
    const wordFeatures = idx.length;
    const joined = ' ' + tokens.join(' ').replace(/([a-z])\1{2,}/g, '$1$1') + ' ';
    for (const n of o.charGrams) {
      for (let i = 0; i + n <= joined.length; i++) idx.push(hashWithPrefix(P_CHAR + n, joined, i, i + n));
    }
    const charEnd = idx.length;
    for (const ch of folded) {
      // symbols and emoji (one code point each); letters, digits and spaces are covered above
      if (!/[a-z0-9\s]/.test(ch)) idx.push(hashWithPrefix(P_SYMBOL, ch));
    }
    if (tokens.length <= 2) idx.push(hashWithPrefix(P_META, 'short'));
    // each message gets unit L2 norm (counting repeats), so long promos do not dominate training
    const val = new Float32Array(idx.length);
    let norm = 0;
    for (let k = 0; k < idx.length; k++) {
      val[k] = k >= wordFeatures && k < charEnd ? o.charWeight : 1;
      norm += val[k]! * val[k]!;
    }
    const inv = 1 / Math.sqrt(norm);
    for (let k = 0; k < val.length; k++) val[k] = val[k]! * inv;
    return { idx: Uint32Array.from(idx), val, lang };
  }
}
