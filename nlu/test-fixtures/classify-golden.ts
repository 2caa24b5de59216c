// Golden outputs of the shipped classifier, to prove that a speed-up changes nothing: every
// message of the hand-written data sets (data/nlu, data/safety, data/outbound, data/dialogue) and
// seeded variants of each that exercise the normalised views the rules read (upper case with
// stretched letters, leet digits, letters typed apart, words glued together, a swapped pair, an
// over-long message), classified with classify() and explain(), every field kept (probabilities
// rounded to 1e-9). The digest per (file, variant) is stored in classify-golden.json.
//
//   npx tsx nlu/test-fixtures/classify-golden.ts --write         # re-record (only on an intended change)
//   npx tsx nlu/test-fixtures/classify-golden.ts --dump out.jsonl # every output, to diff two trees
//
// Re-record only when a change of output is intended (a retrained model, new data, a new rule),
// after diffing the --dump of the old and the new tree.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DealerActClassifier } from '../classifier.js';
import { loadClassifier } from '../classifier.js';

const ROOT = join(import.meta.dirname, '..', '..');
export const GOLDEN_FILE = join(import.meta.dirname, 'classify-golden.json');
const DATA_DIRS = ['data/nlu', 'data/safety', 'data/outbound', 'data/dialogue'];

function jsonlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) return jsonlFiles(p);
      return name.endsWith('.jsonl') ? [p] : [];
    });
}

/** Every message text of the data sets, per file (relative path). */
export function goldenSources(): { file: string; texts: string[] }[] {
  return DATA_DIRS.flatMap((d) => jsonlFiles(join(ROOT, d))).map((p) => ({
    file: relative(ROOT, p),
    texts: readFileSync(p, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .flatMap((l) => {
        // a message, or a scripted conversation (data/dialogue/scripts) with the dealer's turns
        const o = JSON.parse(l) as { text?: string; turns?: { text: string }[] };
        return typeof o.text === 'string' ? [o.text] : (o.turns ?? []).map((t) => t.text);
      }),
  }));
}

/** a small deterministic generator (the variants must not depend on lib/random.ts changing) */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const LEET: Record<string, string> = { o: '0', e: '3', a: '4', s: '5', i: '1', t: '7' };

/** each variant of message i of a file; null leaves it out */
export const VARIANTS: Readonly<Record<string, (t: string, i: number) => string | null>> = {
  as_is: (t) => t,
  // "STOOOP PLS": upper case, the first vowel of every word stretched
  shout: (t) => t.toUpperCase().replace(/\b(\p{L}*?)([AEIOU])/gu, (_, a: string, v: string) => a + v + v + v),
  // "st0p", "5t0p": digits for letters inside words
  leet: (t, i) => {
    const r = lcg(i + 1);
    return t.replace(/[oeasit]/g, (c) => (r() < 0.5 ? LEET[c]! : c));
  },
  // "s t o p met dat": the first word of 3+ letters typed apart
  spaced: (t) => t.replace(/\b(\p{L}{3,})\b/u, (w) => [...w].join(' ')),
  // "stopmetsturen": words typed together
  glued: (t) => t.replace(/ /g, ''),
  // a seeded swap of two neighbouring characters
  typo: (t, i) => {
    if (t.length < 3) return t + 'x';
    const j = 1 + Math.floor(lcg(i + 7)() * (t.length - 2));
    return t.slice(0, j) + t[j + 1] + t[j] + t.slice(j + 2);
  },
  // over MAX_CHARS: the reader scores the head and also reads the tail
  long: (t, i) => (i % 20 === 0 ? 'bla '.repeat(1100) + t : i % 20 === 1 ? t + ' ' + 'bla '.repeat(1100) : null),
};

const r9 = (x: number) => Math.round(x * 1e9) / 1e9;

/** Every field of classify() and explain(), probabilities rounded to 1e-9. */
export function goldenRecord(c: DealerActClassifier, text: string): unknown {
  const k = c.classify(text);
  const e = c.explain(text);
  const reason = (r: (typeof e.safety_reasons)[number] | null) =>
    r === null ? null : 'rule' in r ? { rule: r.rule, category: r.category, match: r.match } : { score: r9(r.score), threshold: r9(r.threshold), category: r.category };
  return {
    classify: { text: k.text === text, act: k.act, confidence: r9(k.confidence), lang: k.lang, safety: k.safety, safety_reason: reason(k.safety_reason), promo: r9(k.promo) },
    explain: {
      act: e.act,
      confidence: r9(e.confidence),
      lang: e.lang,
      safety: e.safety,
      safety_reason: reason(e.safety_reason),
      promo: r9(e.promo),
      model: { act: e.model.act, confidence: r9(e.model.confidence) },
      rules: e.rules,
      safety_reasons: e.safety_reasons.map(reason),
      safety_scores: { opt_out: r9(e.safety_scores.opt_out), threat: r9(e.safety_scores.threat), minor: r9(e.safety_scores.minor) },
      promo_probability: r9(e.promo_probability),
    },
  };
}

export interface GoldenDigests {
  /** `file#variant` → number of messages and sha256 (first 16 hex) of their records in order */
  digests: Record<string, { n: number; sha: string }>;
  messages: number;
}

export function computeGolden(c: DealerActClassifier = loadClassifier(), dump?: (line: string) => void): GoldenDigests {
  const digests: GoldenDigests['digests'] = {};
  let messages = 0;
  for (const { file, texts } of goldenSources()) {
    for (const [name, variant] of Object.entries(VARIANTS)) {
      const h = createHash('sha256');
      let n = 0;
      texts.forEach((t, i) => {
        const text = variant(t, i);
        if (text === null) return;
        n++;
        const line = JSON.stringify(goldenRecord(c, text));
        h.update(line + '\n');
        dump?.(JSON.stringify({ file, variant: name, i, text: text.length > 200 ? text.slice(0, 100) + '…' + text.slice(-100) : text }) + '\t' + line);
      });
      digests[`${file}#${name}`] = { n, sha: h.digest('hex').slice(0, 16) };
      messages += n;
    }
  }
  return { digests, messages };
}

function main(argv: string[]): void {
  const dumpAt = argv.indexOf('--dump');
  const lines: string[] = [];
  const g = computeGolden(loadClassifier(), dumpAt >= 0 ? (l) => lines.push(l) : undefined);
  if (dumpAt >= 0) writeFileSync(argv[dumpAt + 1]!, lines.join('\n') + '\n');
  if (argv.includes('--write')) {
    const rows = Object.entries(g.digests).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
    writeFileSync(GOLDEN_FILE, `{\n "messages": ${g.messages},\n "digests": {\n${rows.join(',\n')}\n }\n}\n`);
  }
  process.stdout.write(`${g.messages} messages, ${Object.keys(g.digests).length} digests\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main(process.argv.slice(2));
