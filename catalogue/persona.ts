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
  /** who gave us the dealer's number (catalogue persona.sources) */
  source: Localized;
}

/** An operator place: one phrase for every language ("aan de Meir"), or one per language. */
export type PlaceInput = string | Localized;

const EXCUSES_PER_PERSONA = 5;
const DEFAULT_SOURCE: Localized = { nl: 'ne maat', en: 'a mate' };

/**
 * Checks and normalises the operator's list (config `places`). A place that looks like a home
 * address, or that breaks any other text rule, is refused: DESIGN.md safety rule 3.
 */
export function normalizePlaces(places: readonly PlaceInput[], file = '<config>'): Localized[] {
  if (!places.length) throw new InputError(file, undefined, 'places: the list of meeting places is empty');
  return places.map((p, i) => {
    const loc: Localized = typeof p === 'string' ? bothLanguages(p) : p;
    for (const lang of LANGS) {
      const s = loc[lang];
      if (typeof s !== 'string' || !s.trim()) throw new InputError(file, undefined, `places[${i}].${lang}: must be a non-empty string`);
      const hit = scanText(s)[0];
      if (hit) throw new InputError(file, undefined, `places[${i}]: "${s}" is not allowed (${hit.category}: "${hit.match}"); use busy public places`);
    }
    return { nl: loc.nl.trim(), en: loc.en.trim() };
  });
}

// A place given as one phrase is said in both languages: its leading preposition translated
// ("aan de Meir" → "at the Meir", "at Central Station" → "aan Central Station"), the name kept.
const NL_TO_EN: ReadonlyArray<[string, string]> = [
  ['aan het ', 'at the '], ['aan de ', 'at the '], ['aan ', 'at '], ['bij het ', 'by the '], ['bij de ', 'by the '], ['bij ', 'by '],
  ['op het ', 'on the '], ['op de ', 'on the '], ['in het ', 'in the '], ['in de ', 'in the '], ['voor het ', 'in front of the '], ['voor de ', 'in front of the '],
];
const EN_TO_NL: ReadonlyArray<[string, string]> = [
  ['in front of the ', 'voor de '], ['at the ', 'aan de '], ['at ', 'aan '], ['on the ', 'op de '], ['by the ', 'bij de '], ['in the ', 'in de '], ['near the ', 'bij de '],
];

export function bothLanguages(place: string): Localized {
  const p = place.trim();
  const low = p.toLowerCase();
  for (const [nl, en] of NL_TO_EN) if (low.startsWith(nl)) return { nl: p, en: en + p.slice(nl.length) };
  for (const [en, nl] of EN_TO_NL) if (low.startsWith(en)) return { nl: nl + p.slice(en.length), en: p };
  return { nl: p, en: p };
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
    // drawn last, so the draws above are those of catalogues without sources
    source: pool.sources?.length ? rng.pick(pool.sources) : DEFAULT_SOURCE,
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
