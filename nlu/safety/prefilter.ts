// A literal prefilter for the safety rules (rules.ts), so that a message is matched only against
// the few rules that could fire on it. For every compiled rule regex, `requiredLiterals` reads the
// regex source and derives a set of plain strings such that every match of the regex contains at
// least one of them (null when no such set is found: that rule always runs). `LiteralScanner`
// finds, in one pass over a normalised view (Aho–Corasick), which of all those strings occur, and
// so which rules are worth running. A rule left out cannot match: the filter only skips work, it
// never changes a result (nlu/safety/prefilter.test.ts checks this rule by rule on the data sets).
//
// The analysis is conservative: whatever it does not understand (a class of many characters, `.`,
// `\s`, a back-reference, a lookaround) counts as "matches anything, requires nothing", and a
// lookaround is read as matching the empty string. Both can only make a set weaker, never wrong.

/** What is known of the strings a regex part matches. */
type Info =
  /** exactly these strings (a small finite set) */
  | { exact: ReadonlySet<string> }
  /** every match contains one of these strings; null: nothing is required */
  | { exact: undefined; any: ReadonlySet<string> | null };

const MAX_EXACT = 64;
const MAX_CLASS = 12;
const EMPTY: Info = { exact: new Set(['']) };
const UNKNOWN: Info = { exact: undefined, any: null };

function toAny(i: Info): ReadonlySet<string> | null {
  if (i.exact === undefined) return i.any;
  return i.exact.has('') ? null : i.exact;
}

/** the weakest string decides how often a set lets a message through: longer is better, then fewer */
function better(a: ReadonlySet<string> | null, b: ReadonlySet<string> | null): ReadonlySet<string> | null {
  if (a === null) return b;
  if (b === null) return a;
  const min = (s: ReadonlySet<string>) => Math.min(...[...s].map((x) => x.length));
  if (min(a) !== min(b)) return min(a) > min(b) ? a : b;
  return b.size < a.size ? b : a;
}

function concat(parts: readonly Info[]): Info {
  // `run`: the exact strings of the parts since the last one that could not be joined on
  let run = new Set(['']);
  let exact = true;
  let best: ReadonlySet<string> | null = null;
  for (const p of parts) {
    if (p.exact !== undefined && run.size * p.exact.size <= MAX_EXACT) {
      const next = new Set<string>();
      for (const a of run) for (const b of p.exact) next.add(a + b);
      run = next;
      continue;
    }
    // the run ends here: each of it and this part is a requirement of its own; keep the better
    exact = false;
    best = better(better(best, toAny({ exact: run })), toAny(p));
    run = p.exact !== undefined ? new Set(p.exact) : new Set(['']);
  }
  if (exact) return { exact: run };
  return { exact: undefined, any: better(best, toAny({ exact: run })) };
}

function alternate(branches: readonly Info[]): Info {
  if (branches.every((b) => b.exact !== undefined)) {
    const all = new Set<string>();
    for (const b of branches) for (const s of b.exact!) all.add(s);
    if (all.size <= MAX_EXACT) return { exact: all };
  }
  const any = new Set<string>();
  for (const b of branches) {
    const a = toAny(b);
    if (a === null) return UNKNOWN;
    for (const s of a) any.add(s);
  }
  return { exact: undefined, any };
}

class Parser {
  private at = 0;
  constructor(private readonly src: string) {}

  parse(): Info {
    const i = this.alternation();
    if (this.at !== this.src.length) throw new SyntaxError(`prefilter: unexpected ${this.src[this.at]} at ${this.at} in ${this.src}`);
    return i;
  }

  private alternation(): Info {
    const branches = [this.sequence()];
    while (this.src[this.at] === '|') {
      this.at++;
      branches.push(this.sequence());
    }
    return branches.length === 1 ? branches[0]! : alternate(branches);
  }

  private sequence(): Info {
    const parts: Info[] = [];
    while (this.at < this.src.length && this.src[this.at] !== '|' && this.src[this.at] !== ')') parts.push(...this.quantified(this.atom()));
    return concat(parts);
  }

  private atom(): Info {
    const s = this.src;
    const c = s[this.at]!;
    if (c === '(') {
      this.at++;
      let look = false;
      if (s[this.at] === '?') {
        const m = /^\?(:|=|!|<=|<!|<[A-Za-z_][A-Za-z0-9_]*>)/.exec(s.slice(this.at));
        if (!m) throw new SyntaxError(`prefilter: unknown group at ${this.at} in ${s}`);
        look = m[1] === '=' || m[1] === '!' || m[1] === '<=' || m[1] === '<!';
        this.at += m[0].length;
      }
      const inner = this.alternation();
      if (s[this.at] !== ')') throw new SyntaxError(`prefilter: unclosed group in ${s}`);
      this.at++;
      // a lookaround consumes nothing: as a part of a match it is the empty string
      return look ? EMPTY : inner;
    }
    if (c === '[') return this.charClass();
    if (c === '\\') {
      const e = s[this.at + 1];
      if (e === undefined) throw new SyntaxError(`prefilter: trailing backslash in ${s}`);
      this.at += 2;
      if (e === 'b' || e === 'B') return EMPTY;
      if (e === 'd') return { exact: new Set('0123456789') };
      if (/[A-Za-z0-9]/.test(e)) return UNKNOWN; // \s \w \D \1 \u… \p… : not analysed
      return { exact: new Set([e]) }; // an escaped symbol: \? \. \/
    }
    if (c === '^' || c === '$') {
      this.at++;
      return EMPTY;
    }
    if (c === '.') {
      this.at++;
      return UNKNOWN;
    }
    if (c === '*' || c === '+' || c === '?' || c === '{' || c === ')') throw new SyntaxError(`prefilter: unexpected ${c} at ${this.at} in ${s}`);
    this.at++;
    return { exact: new Set([c]) };
  }

  private charClass(): Info {
    const s = this.src;
    this.at++; // [
    const negated = s[this.at] === '^';
    if (negated) this.at++;
    const chars = new Set<string>();
    let known = !negated;
    while (this.at < s.length && s[this.at] !== ']') {
      let ch = s[this.at]!;
      if (ch === '\\') {
        const e = s[this.at + 1]!;
        this.at += 2;
        if (/[A-Za-z0-9]/.test(e)) {
          known = false;
          continue;
        }
        ch = e;
      } else this.at++;
      if (s[this.at] === '-' && s[this.at + 1] !== ']' && this.at + 1 < s.length) {
        let hi = s[this.at + 1]!;
        this.at += 2;
        if (hi === '\\') {
          hi = s[this.at]!;
          this.at++;
        }
        const lo = ch.codePointAt(0)!;
        const up = hi.codePointAt(0)!;
        if (up - lo + 1 > MAX_CLASS) known = false;
        else for (let k = lo; k <= up; k++) chars.add(String.fromCodePoint(k));
      } else chars.add(ch);
    }
    if (s[this.at] !== ']') throw new SyntaxError(`prefilter: unclosed class in ${s}`);
    this.at++;
    return known && chars.size > 0 && chars.size <= MAX_CLASS ? { exact: chars } : UNKNOWN;
  }

  /** an atom and its quantifier as parts of a sequence: "ab+c" is "a", "b", (anything), "c" */
  private quantified(a: Info): Info[] {
    const s = this.src;
    const c = s[this.at];
    let min: number;
    let max: number;
    if (c === '?') [min, max] = [0, 1];
    else if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(s.slice(this.at));
      if (!m) return [a]; // a literal "{"
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      this.at += m[0].length - 1;
    } else return [a];
    this.at++;
    if (s[this.at] === '?') this.at++; // lazy: the same strings
    if (min === 0) return [max === 1 && a.exact !== undefined ? { exact: new Set(['', ...a.exact]) } : UNKNOWN];
    // the first copies are there in every match (at most 3 are spelt out), then an unknown rest
    const copies: Info[] = Array.from({ length: Math.min(min, 3) }, () => a);
    return max === min && min <= 3 ? copies : [...copies, UNKNOWN];
  }
}

/**
 * Strings of which every match of `source` contains at least one (none of them a substring of
 * another), or null when no such set is found. Flags must be none (case-sensitive, no `u`).
 * Strings longer than `maxLength` are cut to their first `maxLength` characters (a prefix of a
 * required string is required too), which keeps the scanner small.
 */
export function requiredLiterals(source: string, maxLength = Infinity): string[] | null {
  let set: ReadonlySet<string> | null;
  try {
    set = toAny(new Parser(source).parse());
  } catch (e) {
    // syntax this reader does not know: the rule simply always runs (prefilter.test.ts lists none)
    if (e instanceof SyntaxError) return null;
    throw e;
  }
  if (set === null) return null;
  const all = [...new Set([...set].map((x) => x.slice(0, maxLength)))].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  // if "ab" is present in the text whenever "xaby" is, only "ab" needs to be looked for
  const kept: string[] = [];
  for (const s of all) if (!kept.some((k) => s.includes(k))) kept.push(s);
  return kept;
}

/**
 * Which of many strings occur in a text, in one pass (an Aho–Corasick automaton). Each string
 * belongs to one "owner" (a rule index, 0 ≤ owner < owners); `scan` marks the owners of every string found.
 */
export class LiteralScanner {
  /** symbol of each UTF-16 code unit, -1 for one that no string holds */
  private readonly alphabet = new Int32Array(0x10000).fill(-1);
  /** next[state * width + symbol] */
  private readonly next: Int32Array;
  /** owners found on reaching a state (its own strings and those of its suffixes) */
  private readonly owners: readonly (readonly number[])[];
  private readonly width: number;
  constructor(literals: readonly { text: string; owner: number }[], owners: number) {
    let symbols = 0;
    for (const { text, owner } of literals) {
      if (text.length === 0) throw new RangeError('prefilter: an empty literal is always present');
      if (!(owner >= 0 && owner < owners)) throw new RangeError(`prefilter: owner ${owner} outside 0..${owners - 1}`);
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (this.alphabet[code]! < 0) this.alphabet[code] = symbols++;
      }
    }
    const width = (this.width = Math.max(1, symbols));
    const trie: number[][] = [new Array<number>(width).fill(-1)];
    const own: Set<number>[] = [new Set()];
    for (const { text, owner } of literals) {
      let s = 0;
      for (let i = 0; i < text.length; i++) {
        const a = this.alphabet[text.charCodeAt(i)]!;
        if (trie[s]![a]! < 0) {
          trie[s]![a] = trie.length;
          trie.push(new Array<number>(width).fill(-1));
          own.push(new Set());
        }
        s = trie[s]![a]!;
      }
      own[s]!.add(owner);
    }
    // breadth first: failure links, completed into a full transition table
    const fail = new Int32Array(trie.length);
    const queue: number[] = [];
    for (let a = 0; a < width; a++) {
      const t = trie[0]![a]!;
      if (t < 0) trie[0]![a] = 0;
      else {
        fail[t] = 0;
        queue.push(t);
      }
    }
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q]!;
      for (const o of own[fail[s]!]!) own[s]!.add(o);
      for (let a = 0; a < width; a++) {
        const t = trie[s]![a]!;
        if (t < 0) trie[s]![a] = trie[fail[s]!]![a]!;
        else {
          fail[t] = trie[fail[s]!]![a]!;
          queue.push(t);
        }
      }
    }
    this.next = new Int32Array(trie.length * width);
    trie.forEach((row, s) => this.next.set(row, s * width));
    this.owners = own.map((o) => [...o].sort((x, y) => x - y));
    this.ownerCount = owners;
  }

  readonly ownerCount: number;

  /** Sets marks[owner] = 1 for the owners of every string that occurs in `text` (other marks are left as they are). */
  scan(text: string, marks: Uint8Array): void {
    const { next, width, owners, alphabet } = this;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const a = alphabet[text.charCodeAt(i)]!;
      // a character no string holds: no string can run across it
      s = a < 0 ? 0 : next[s * width + a]!;
      const os = owners[s]!;
      for (let k = 0; k < os.length; k++) marks[os[k]!] = 1;
    }
  }
}
