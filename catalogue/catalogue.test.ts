import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../lib/errors.js';
import { TACTICS } from '../core/tactics.js';
import { LANGS } from '../core/lang.js';
import { DEFAULT_CATALOGUE_PATH, MIN_VARIANTS, SILENT_TACTICS, defaultCatalogue, parseCatalogue, readCatalogue } from './catalogue.js';

const shippedRaw = () => JSON.parse(JSON.stringify(defaultCatalogue())) as any;

function errorOf(raw: unknown): string {
  try {
    parseCatalogue(raw, 'cat.json');
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected the catalogue to be refused');
}

describe('tactic catalogue', () => {
  it('ships every tactic of core/tactics.ts with enough variants per language', () => {
    const c = defaultCatalogue();
    expect(Object.keys(c.tactics).sort()).toEqual([...TACTICS].sort());
    for (const t of TACTICS) {
      for (const lang of LANGS) {
        const n = c.tactics[t].templates[lang].length;
        if (SILENT_TACTICS.has(t)) expect(n).toBe(0);
        else expect(n, `${t}/${lang}`).toBeGreaterThanOrEqual(MIN_VARIANTS);
      }
    }
    expect(c.tactics.go_silent.delay.unit).toBe('hours');
    expect(c.tactics.show_interest.delay.unit).toBe('minutes');
  });

  it('names file, tactic and field when a tactic is missing or unknown', () => {
    const raw = shippedRaw();
    delete raw.tactics.haggle;
    expect(errorOf(raw)).toBe('cat.json: tactic haggle: missing: every tactic of core/tactics.ts needs an entry');
    const raw2 = shippedRaw();
    raw2.tactics.bribe = raw2.tactics.haggle;
    expect(errorOf(raw2)).toMatch(/^cat\.json: tactic bribe: unknown tactic/);
  });

  it('refuses too few variants, unknown slots, duplicates and silent tactics with text', () => {
    const few = shippedRaw();
    few.tactics.ask_menu.templates.nl = few.tactics.ask_menu.templates.nl.slice(0, 5);
    expect(errorOf(few)).toBe(`cat.json: tactic ask_menu: templates.nl: needs at least ${MIN_VARIANTS} variants (has 5)`);

    const slot = shippedRaw();
    slot.tactics.propose_meeting.templates.en[2] = 'meet at {plase}?';
    expect(errorOf(slot)).toMatch(/^cat\.json: tactic propose_meeting: templates\.en\[2\]: unknown slot \{plase\}/);

    const dup = shippedRaw();
    dup.tactics.reassure.templates.nl[4] = 'Ge kunt me vertrouwen!!';
    expect(errorOf(dup)).toBe('cat.json: tactic reassure: templates.nl[4]: duplicates variant 1');

    const silent = shippedRaw();
    silent.tactics.go_silent.templates.en = ['brb'];
    expect(errorOf(silent)).toMatch(/tactic go_silent: templates\.en: a silent tactic sends nothing/);
  });

  it('refuses unsafe text and names anywhere in the catalogue', () => {
    const pay = shippedRaw();
    pay.tactics.haggle.templates.nl[0] = 'ik kan direct betalen via payconiq';
    expect(errorOf(pay)).toMatch(/tactic haggle: templates\.nl\[0\]: unsafe text \(payment/);

    const cop = shippedRaw();
    cop.tactics.reassure.templates.en[0] = "relax, I'm not a cop";
    expect(errorOf(cop)).toMatch(/tactic reassure: templates\.en\[0\]: unsafe text \(police/);

    const name = shippedRaw();
    name.tactics.small_talk.templates.en[0] = 'do you know Marc Dutroux?';
    expect(errorOf(name)).toMatch(/tactic small_talk: templates\.en\[0\]: "Marc" looks like a name/);

    const place = shippedRaw();
    place.persona.places[0] = { nl: 'Kerkstraat 12', en: 'Kerkstraat 12' };
    expect(errorOf(place)).toMatch(/^cat\.json: persona\.places\[0\]: unsafe text \(address/);
  });

  it('checks field types and delay profiles with zod, naming the field', () => {
    const delay = shippedRaw();
    delay.tactics.ask_call.delay.min = 99;
    expect(errorOf(delay)).toBe('cat.json: tactic ask_call: delay: needs min <= median <= max');

    const unit = shippedRaw();
    unit.tactics.go_silent.delay.unit = 'minutes';
    expect(errorOf(unit)).toBe('cat.json: tactic go_silent: delay.unit: must be "hours"');

    const extra = shippedRaw();
    extra.tactics.ask_call.weight = 3;
    expect(errorOf(extra)).toMatch(/^cat\.json: tactic ask_call: .*weight/);

    const surname = shippedRaw();
    surname.persona.names.push('Jan Peeters');
    expect(errorOf(surname)).toMatch(/persona\.names\[\d+\]: a persona name is one capitalised first name/);
  });

  it('reports unreadable and invalid JSON files by name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dealerbot-cat-'));
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{"format": ');
    expect(() => readCatalogue(file)).toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON`));
    expect(() => readCatalogue(join(dir, 'missing.json'))).toThrow(/missing\.json: cannot read catalogue/);
    expect(readCatalogue(DEFAULT_CATALOGUE_PATH).version).toBe(1);
  });
});
