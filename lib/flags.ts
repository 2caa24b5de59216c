// Command-line flag values that several commands share, parsed once so that every command
// refuses a bad value with the same one-line message.
import { UsageError } from './errors.js';

/** One of a fixed set of words, e.g. --algo or --fqe. */
export function parseChoice<T extends string>(name: string, v: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(v)) throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got "${v}"`);
  return v as T;
}

/** --epsilon: a share of exploration in [0, 1]; absent stays absent. */
export function parseEpsilon(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const e = Number(v);
  // Number('') is 0: an empty value is a mistake, not "no exploration"
  if (v.trim() === '' || !(e >= 0 && e <= 1)) throw new UsageError(`--epsilon must be a number in [0,1], got "${v}"`);
  return e;
}

/** An integer flag (--episodes, --seed, --resamples) of at least `min`; absent stays absent. */
export function parseInteger(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  // Number('') is 0 too: an empty value is a mistake, not zero
  if (v.trim() === '' || !Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer >= ${min}, got "${v}"`);
  return n;
}
