// The bot's persona for one conversation: one name, one story, a few excuses, one product and
// amount, and one meeting place from the operator's list of busy public places. Drawn once from
// a seeded Rng and then kept, so a dealer never meets "Jens" who turns into "Kevin".
import { InputError } from '../lib/errors.js';
import type { Rng } from '../lib/random.js';
import { LANGS } from '../core/lang.js';
import type { Catalogue, Localized } from './catalogue.js';
import { scanText } from './text-safety.js';

export interface Persona {
  name: string;
  story: Localized;
  /** used in this order, round-robin, so the same excuse does not come back twice in a row */
  excuses: Localized[];
  product: Localized;
  amount: Localized;
  place: Localized;
  /** meeting times in the order this persona proposes them (reschedule moves to the next) */
  times: Localized[];
}

/** An operator place: one phrase for every language ("aan de Meir"), or one per language. */
export type PlaceInput = string | Localized;

const EXCUSES_PER_PERSONA = 3;

/**
 * Checks and normalises the operator's list (config `places`). A place that looks like a home
 * address, or that breaks any other text rule, is refused: DESIGN.md safety rule 3.
 */
export function normalizePlaces(places: readonly PlaceInput[], file = '<config>'): Localized[] {
  if (!places.length) throw new InputError(file, undefined, 'places: the list of meeting places is empty');
  return places.map((p, i) => {
    const loc: Localized = typeof p === 'string' ? { nl: p, en: p } : p;
    for (const lang of LANGS) {
      const s = loc[lang];
      if (typeof s !== 'string' || !s.trim()) throw new InputError(file, undefined, `places[${i}].${lang}: must be a non-empty string`);
      const hit = scanText(s)[0];
      if (hit) throw new InputError(file, undefined, `places[${i}]: "${s}" is not allowed (${hit.category}: "${hit.match}"); use busy public places`);
    }
    return { nl: loc.nl.trim(), en: loc.en.trim() };
  });
}

export function createPersona(catalogue: Catalogue, rng: Rng, places?: readonly PlaceInput[]): Persona {
  const pool = catalogue.persona;
  const placeList = places ? normalizePlaces(places) : pool.places;
  return {
    name: rng.pick(pool.names),
    story: rng.pick(pool.stories),
    excuses: shuffled(pool.excuses, rng).slice(0, EXCUSES_PER_PERSONA),
    product: rng.pick(pool.products),
    amount: rng.pick(pool.amounts),
    place: rng.pick(placeList),
    times: shuffled(pool.times, rng),
  };
}

function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const a = items.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}
