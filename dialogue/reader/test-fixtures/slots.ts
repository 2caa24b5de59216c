// Shared by the reader's tests: read a text into the labelled form, lists sorted so that order
// does not matter (the labels' lists are unordered).
import { readMessage, toSlots } from '../read.js';
import type { Slots } from '../types.js';

const key = (x: unknown) => JSON.stringify(x);

export function sortSlots(s: Slots): Slots {
  const out: Slots = { ...s };
  for (const k of ['products', 'prices', 'deals', 'quantities', 'times', 'places', 'questions'] as const) {
    const v = out[k] as unknown[] | undefined;
    if (v) (out as Record<string, unknown>)[k] = [...v].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  }
  return out;
}

/** the slots of `text`, lists sorted */
export function slots(text: string, lang?: 'nl' | 'en'): Slots {
  return sortSlots(toSlots(readMessage(text, lang)));
}

/** only the given slot keys of `text` (missing keys read as absent) */
export function pick<K extends keyof Slots>(text: string, keys: readonly K[], lang?: 'nl' | 'en'): Pick<Slots, K> {
  const s = slots(text, lang);
  const out: Partial<Slots> = {};
  for (const k of keys) if (s[k] !== undefined) (out as Record<string, unknown>)[k] = s[k];
  return out as Pick<Slots, K>;
}

export const P = (amount: number, qty: number | null = null, unit: 'g' | 'pill' | 'piece' | null = null, product: Slots['products'] extends (infer T)[] | undefined ? T | null : never = null) => ({ amount, qty, unit, product });
