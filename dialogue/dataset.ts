// The labelled extraction sets of data/dialogue/ (format and conventions: data/dialogue/README.md).
import type { Lang } from '../core/lang.js';
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { z } from 'zod';
import { InputError } from '../lib/errors.js';
import { parseJsonlLines } from '../lib/jsonl-lines.js';
import { packagePath } from '../lib/package-root.js';
import { DAYS, PRODUCTS, QUESTION_TYPES, UNITS, type Slots } from './reader/types.js';

export interface LabelledMessage {
  id: string;
  text: string;
  lang: Lang;
  expect: Slots;
}

const unit = z.enum(UNITS).nullable();
const product = z.enum(PRODUCTS);
const time = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('clock'), hour: z.number().int().min(0).max(23), minute: z.number().int().min(0).max(59), ambiguous: z.literal(true).optional() }),
  z.strictObject({ kind: z.literal('relative'), minutes: z.number().positive() }),
  z.strictObject({ kind: z.literal('day'), day: z.enum(DAYS) }),
]);
const deal = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('bonus'), buy: z.number().int().positive(), free: z.number().int().positive() }),
  z.strictObject({ kind: z.literal('discount'), min_qty: z.number().positive().nullable(), amount_off: z.number().positive().nullable() }),
]);
const nonEmpty = <T extends z.ZodType>(s: T) => z.array(s).min(1, 'an empty list: leave the key out');
const slotsSchema = z.strictObject({
  products: nonEmpty(product).optional(),
  prices: nonEmpty(z.strictObject({ amount: z.number(), qty: z.number().positive().nullable(), unit, product: product.nullable() })).optional(),
  deals: nonEmpty(deal).optional(),
  quantities: nonEmpty(z.strictObject({ qty: z.number().positive(), unit })).optional(),
  times: nonEmpty(time).optional(),
  places: nonEmpty(z.string().min(1)).optional(),
  questions: nonEmpty(z.enum(QUESTION_TYPES)).optional(),
  name: z.string().min(1).optional(),
});
const lineSchema = z.strictObject({
  id: z.string().min(1),
  text: z.string(),
  lang: z.enum(['nl', 'en']),
  expect: slotsSchema,
});

/** Parses one labelled JSONL file; a bad line is an InputError naming file, line and reason (never the text). */
export function parseLabelled(file: string, content: string): LabelledMessage[] {
  const ids = new Set<string>();
  return parseJsonlLines(file, content, lineSchema).map(({ line, value }) => {
    if (ids.has(value.id)) throw new InputError(file, line, `duplicate id ${value.id}`);
    ids.add(value.id);
    return value as LabelledMessage;
  });
}

export function readLabelled(file: string): LabelledMessage[] {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(file, undefined, `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  return parseLabelled(file, content);
}

export const devFile = (): string => packagePath('data', 'dialogue', 'extraction-dev.jsonl');
export const heldOutFile = (): string => packagePath('data', 'dialogue', 'extraction-heldout.jsonl');

/** The frozen test set (or a file named like it): scored as a whole only, never shown line by line. */
export function isHeldOut(file: string): boolean {
  return resolve(file) === resolve(heldOutFile()) || /heldout|held-out/i.test(basename(file));
}
