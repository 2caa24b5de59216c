// Command-line values are parsed here and nowhere else: every option of every command that takes
// a value gets one of these parsers (`option(...)`), so a bad value is refused while commander
// parses, before any work starts, with one line that names the flag, what it accepts and what
// it got. The command implementations receive typed values and never parse text again.
import { accessSync, constants, statSync } from 'node:fs';
import { Option } from 'commander';
import { UsageError } from './errors.js';

/** How the text of one flag becomes a value. */
export interface ValueParser<T> {
  /** `flag` names the option in the message; `previous` is the value so far (repeatable options) */
  parse(flag: string, text: string, previous?: T): T;
  /** texts this parser refuses: the CLI test feeds them to every option that uses it */
  readonly bad: readonly string[];
}

const refuse = (flag: string, accepts: string, text: string): never => {
  throw new UsageError(`${flag} must be ${accepts}, got "${text}"`);
};

/** A parser from a conversion that returns undefined for text it does not accept. */
function converting<T>(accepts: string, bad: readonly string[], convert: (text: string) => T | undefined): ValueParser<T> {
  return {
    bad: ['', ...bad],
    parse(flag, text) {
      // Number('') and Number(' ') are 0: an empty value is a mistake, never zero
      const v = text.trim() === '' ? undefined : convert(text);
      return v === undefined ? refuse(flag, accepts, text) : v;
    },
  };
}

/** A finite number from text (no hex, no "Infinity"), or undefined. */
function toNumber(text: string): number | undefined {
  if (!/^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

export interface Range {
  min?: number;
  max?: number;
  /** exclusive lower bound (a number > 0) */
  above?: number;
}

function rangeWords(r: Range): string {
  if (r.above !== undefined) return `> ${r.above}`;
  if (r.min !== undefined && r.max !== undefined) return `in [${r.min},${r.max}]`;
  if (r.min !== undefined) return `>= ${r.min}`;
  if (r.max !== undefined) return `<= ${r.max}`;
  return '';
}

const inRange = (n: number, r: Range) => !(r.min !== undefined && n < r.min) && !(r.max !== undefined && n > r.max) && !(r.above !== undefined && n <= r.above);

/** Values just outside a range, for the CLI test. */
function outside(r: Range, step: number): string[] {
  const out: string[] = [];
  if (r.min !== undefined) out.push(String(r.min - step));
  if (r.above !== undefined) out.push(String(r.above));
  if (r.max !== undefined) out.push(String(r.max + step));
  return out;
}

/** An integer, e.g. --episodes (min 1), --seed (min 0). */
export function integer(r: Range = {}): ValueParser<number> {
  const words = rangeWords(r);
  return converting(`an integer${words ? ' ' + words : ''}`, ['abc', '1.5', ...outside(r, 1)], (t) => {
    const n = toNumber(t);
    return n !== undefined && Number.isSafeInteger(n) && inRange(n, r) ? n : undefined;
  });
}

/** A number, e.g. --temperature (min 0), --gap-days (above 0). */
export function number(r: Range = {}): ValueParser<number> {
  const words = rangeWords(r);
  return converting(`a number${words ? ' ' + words : ''}`, ['abc', ...outside(r, 0.5)], (t) => {
    const n = toNumber(t);
    return n !== undefined && inRange(n, r) ? n : undefined;
  });
}

/** A number > 0, e.g. --time-scale. */
export const positiveNumber = (): ValueParser<number> => number({ above: 0 });

/** A share in [0, 1], e.g. --epsilon, --min-confidence. */
export const probability = (): ValueParser<number> => number({ min: 0, max: 1 });

/** A TCP port; `free: true` also takes 0, "any free port" (tests, several servers on one machine). */
export function port(o: { free?: boolean } = {}): ValueParser<number> {
  const min = o.free ? 0 : 1;
  return converting(`a port number in [${min},65535]${o.free ? ' (0: any free port)' : ''}`, ['abc', '8080.5', String(min - 1), '65536'], (t) => {
    const n = toNumber(t);
    return n !== undefined && Number.isInteger(n) && n >= min && n <= 65535 ? n : undefined;
  });
}

/** One of a fixed set of words, e.g. --algo, --mode, --fqe. */
export function choice<T extends string>(values: readonly T[]): ValueParser<T> {
  return converting(`one of ${values.join(', ')}`, ['nope', `${values[0]}x`], (t) => ((values as readonly string[]).includes(t) ? (t as T) : undefined));
}

/** Text matching a pattern, e.g. a two-letter --region; `accepts` says what in words. */
export function matching(pattern: RegExp, accepts: string, bad: readonly string[] = ['nope']): ValueParser<string> {
  return converting(accepts, bad, (t) => (pattern.test(t) ? t : undefined));
}

/** An http(s) URL, e.g. --against. */
export const httpUrl = (): ValueParser<string> => matching(/^https?:\/\/\S+$/, 'a URL starting with http:// or https://', ['nope', 'localhost:8080']);

/** A comma-separated list of items, e.g. --only nlu,sim-speed; empty items are dropped. */
export function list<T>(item: ValueParser<T>): ValueParser<T[]> {
  return {
    bad: [',', ...item.bad.filter((b) => b.trim() !== '' && !b.includes(','))],
    parse(flag, text) {
      const parts = text.split(',').map((s) => s.trim()).filter(Boolean);
      if (!parts.length) throw new UsageError(`${flag} must be a comma-separated list, got "${text}"`);
      return parts.map((p) => item.parse(flag, p));
    },
  };
}

/** A file that exists and can be read, e.g. --data, --personas (checked now, read later). */
export function readableFile(): ValueParser<string> {
  return {
    bad: ['', 'no-such-file.json', '.'],
    parse(flag, text) {
      if (text.trim() === '') refuse(flag, 'a readable file', text);
      let why: string | undefined;
      try {
        if (statSync(text).isDirectory()) why = 'is a folder, not a file';
        else accessSync(text, constants.R_OK);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        why = code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? String(e)})`;
      }
      if (why) throw new UsageError(`${flag} ${text}: ${why}`);
      return text;
    },
  };
}

/** Numeric settings as key=value pairs, repeatable: key=number or key=n1,n2 (a list, e.g. layer sizes). */
export type Settings = Record<string, number | number[]>;

export function settings(example = 'lr=0.0003, hidden=128,128'): ValueParser<Settings> {
  return {
    bad: ['', 'nope', 'lr=', '=5', 'lr=abc', 'lr=1,,2'],
    parse(flag, text, previous) {
      const m = /^([A-Za-z][A-Za-z0-9]*)=(.+)$/.exec(text);
      const nums = m ? m[2]!.split(',').map(toNumber) : [];
      if (!m || nums.some((x) => x === undefined)) throw new UsageError(`${flag} ${text}: expected key=number or key=n1,n2 (e.g. ${example})`);
      const values = nums as number[];
      return { ...previous, [m[1]!]: m[2]!.includes(',') ? values : values[0]! };
    },
  };
}

/** Marks the parse function commander holds, so that tests can find the parser behind an option. */
const PARSER = Symbol('valueParser');

/**
 * A commander option whose value goes through `parser`. Use for every option that takes a value
 * (`.addOption(option(...))`; `.makeOptionMandatory()` for a required one). A default is given
 * typed, as the command receives it: commander does not pass defaults through the parser.
 */
export function option<T>(flags: string, description: string, parser: ValueParser<T>, defaultValue?: T): Option {
  const o = new Option(flags, description);
  const name = o.long ?? o.short ?? flags;
  const parse = Object.assign((text: string, previous: T | undefined) => parser.parse(name, text, previous), { [PARSER]: parser });
  o.argParser(parse);
  if (defaultValue !== undefined) o.default(defaultValue);
  return o;
}

/** The parser an option was made with by option(), if any. */
export function parserOf(o: Option): ValueParser<unknown> | undefined {
  const fn = (o as { parseArg?: unknown }).parseArg as { [PARSER]?: ValueParser<unknown> } | undefined;
  return fn?.[PARSER];
}
