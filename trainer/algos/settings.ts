// Hyper-parameters of one algorithm (in one phase) as a strict zod schema derived from its
// *_DEFAULTS object: a key the algorithm does not use, or a value of the wrong kind, is refused
// before training, instead of being written into config.json and silently ignored.
import { z } from 'zod';
import { UsageError } from '../../lib/errors.js';

/** A defaults object: every value a number or a list of numbers (layer sizes). */
export type Numeric = { [key: string]: number | number[] };

/** Settings as given (`--set`, or a caller's object): checked against a spec before use. */
export type AlgoOverrides = Readonly<Record<string, unknown>>;

export interface SettingsSpec<D extends Numeric> {
  /** whose settings, for messages: "ppo", "cql (offline)" */
  readonly name: string;
  readonly defaults: Readonly<D>;
  /** keys that count something (layers, steps, sizes): integers of at least this minimum */
  readonly counts: Readonly<Partial<Record<keyof D & string, number>>>;
}

export function settingsSpec<D extends Numeric>(name: string, defaults: D, counts: Readonly<Partial<Record<keyof D & string, number>>>): SettingsSpec<D> {
  return { name, defaults, counts };
}

/** The strict schema of a spec: each key optional, defaulting to its default, of its default's kind. */
export function schemaOf<D extends Numeric>(spec: SettingsSpec<D>): z.ZodType<D> {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, value] of Object.entries(spec.defaults)) {
    const min = spec.counts[key];
    const num = min === undefined ? z.number() : z.number().int().min(min);
    shape[key] = Array.isArray(value) ? z.array(num).min(1).default(() => [...value]) : num.default(value);
  }
  // the shape has exactly D's keys, each of its default's kind, so the output is a D
  return z.strictObject(shape) as unknown as z.ZodType<D>;
}

function kindOf(spec: SettingsSpec<Numeric>, key: string): string {
  const min = spec.counts[key];
  const d = spec.defaults[key];
  if (Array.isArray(d)) return `a list of ${min === undefined ? 'numbers' : `integers >= ${min}`} (e.g. ${key}=${d.join(',')})`;
  return min === undefined ? 'a number' : `an integer >= ${min}`;
}

/**
 * The full settings: defaults overridden by `overrides`, checked against the spec. `flag` names
 * where the overrides came from in messages (--set, --warm-set, config).
 */
export function resolveSettings<D extends Numeric>(spec: SettingsSpec<D>, overrides: AlgoOverrides | undefined, flag: string): D {
  const given: Record<string, unknown> = { ...overrides };
  // key=128 for a list key means a list of one (hidden=128: one layer)
  for (const [k, v] of Object.entries(given)) if (Array.isArray(spec.defaults[k]) && typeof v === 'number') given[k] = [v];
  const r = schemaOf(spec).safeParse(given);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const allowed = Object.keys(spec.defaults).join(', ');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `"${k}"`).join(', ');
    throw new UsageError(`${flag}: unknown key ${keys} for ${spec.name}; allowed: ${allowed}`);
  }
  const key = String(issue.path[0]);
  throw new UsageError(`${flag} ${key}: must be ${kindOf(spec, key)} for ${spec.name}, got ${JSON.stringify(given[key])}`);
}
