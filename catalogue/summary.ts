// `dealerbot data catalogue [FILE]`: validates a catalogue file and describes it, so an operator
// or researcher who edited the JSON sees at once whether it loads and how many variants it has.
import { LANGS } from '../core/lang.js';
import { MIN_VARIANTS, DEFAULT_CATALOGUE_PATH, readCatalogue, SILENT_TACTICS } from './catalogue.js';
import { TACTICS } from '../core/tactics.js';

export interface CatalogueSummary {
  file: string;
  version: number;
  tactics: number;
  languages: string[];
  min_variants: number;
  templates: number;
  variants: Record<string, Record<string, number>>;
  persona: { names: number; places: number; excuses: number };
}

export function summarizeCatalogue(file = DEFAULT_CATALOGUE_PATH): CatalogueSummary {
  const c = readCatalogue(file);
  const variants: Record<string, Record<string, number>> = {};
  let templates = 0;
  for (const t of TACTICS) {
    variants[t] = {};
    for (const lang of LANGS) {
      const n = c.tactics[t].templates[lang].length;
      variants[t]![lang] = n;
      templates += n;
    }
  }
  return {
    file,
    version: c.version,
    tactics: TACTICS.length,
    languages: [...LANGS],
    min_variants: Math.min(...TACTICS.filter((t) => !SILENT_TACTICS.has(t)).flatMap((t) => LANGS.map((l) => variants[t]![l]!))),
    templates,
    variants,
    persona: { names: c.persona.names.length, places: c.persona.places.length, excuses: c.persona.excuses.length },
  };
}

export { MIN_VARIANTS };
