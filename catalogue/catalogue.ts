// The tactic catalogue (DESIGN.md, tactics v1): per tactic a reply-delay profile and reply
// templates per language, plus the persona pool the renderer draws a conversation's bot from.
// Data lives in catalogue.json; this file is its one schema and its validation, so that a bad
// edit fails on load with "file: tactic X: field: reason" instead of in a live conversation.
// Preconditions are NOT here: they are code, in core/preconditions.ts (see README.md).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../lib/errors.js';
import { packagePath } from '../lib/package-root.js';
import { LANGS } from '../core/lang.js';
import { TACTICS, type Tactic } from '../core/tactics.js';
import { compileTemplate } from './slots.js';
import { nameLikeWords, scanText } from './text-safety.js';

export const CATALOGUE_FORMAT = 'dealerbot-catalogue';
export const CATALOGUE_VERSION = 1;
/** Variants per tactic and language, so a long conversation needs no repeats. */
export const MIN_VARIANTS = 12;
/** Variants per answer kind and language (catalogue `answers`). */
export const MIN_ANSWER_VARIANTS = 4;
/** Tactics that send nothing: they carry a delay (how long to stay silent) but no templates. */
export const SILENT_TACTICS: ReadonlySet<Tactic> = new Set<Tactic>(['go_silent']);

const nonEmpty = z.string().trim().min(1, 'must not be empty');
const perLang = <T extends z.ZodType>(t: T) => z.strictObject({ nl: t, en: t });
const localized = perLang(nonEmpty);

const delaySchema = z
  .strictObject({
    unit: z.enum(['minutes', 'hours']),
    /** median of the log-normal, in `unit` */
    median: z.number().positive(),
    /** sd of the log of the delay */
    sigma: z.number().positive().max(3),
    min: z.number().nonnegative(),
    max: z.number().positive(),
  })
  .refine((d) => d.min <= d.median && d.median <= d.max, 'needs min <= median <= max');

const tacticSchema = z.strictObject({
  delay: delaySchema,
  templates: perLang(z.array(nonEmpty)),
});

const catalogueSchema = z.strictObject({
  format: z.literal(CATALOGUE_FORMAT),
  version: z.literal(CATALOGUE_VERSION),
  openers: perLang(z.array(nonEmpty).min(1)),
  closers: perLang(z.array(nonEmpty).min(1)),
  persona: z.strictObject({
    names: z.array(z.string().regex(/^\p{Lu}\p{Ll}+$/u, 'a persona name is one capitalised first name, no surname')).min(1),
    stories: z.array(localized).min(1),
    excuses: z.array(localized).min(3),
    products: z.array(localized).min(1),
    amounts: z.array(localized).min(1),
    times: z.array(localized).min(2),
    places: z.array(localized).min(1),
    /** who gave us the dealer's number (optional: catalogues before the dialogue state lack it) */
    sources: z.array(localized).min(1).optional(),
  }),
  tactics: z.record(z.string(), tacticSchema),
  /**
   * Lines that fit the dialogue state (optional, additive to catalogue v1): answers to the
   * dealer's direct questions, the no-show excuse, the late/lost lines of a meeting window, a
   * haggle over his own price. Keyed by ANSWER_KINDS; the renderer uses them only when it is
   * given the state (render.ts, `facts`).
   */
  answers: z.record(z.string(), perLang(z.array(nonEmpty).min(MIN_ANSWER_VARIANTS))).optional(),
});

/** The situations the `answers` section covers (catalogue/README.md, "Replies that fit the state"). */
export const ANSWER_KINDS = [
  'who', 'who_again', 'number', 'number_again', 'how_much', 'what_want', 'where_meet', 'where_late', 'when',
  'police', 'bot', 'call', 'ready', 'pay', 'confirm', 'price_check', 'why', 'no_show', 'haggle_price', 'there', 'cant_come',
  // what he just gave, taken up (his price, his time, his place): heard, agreed, or echoed by misunderstand
  'price_heard', 'price_echo', 'time_heard', 'time_agreed', 'time_echo', 'meeting_heard', 'meeting_agreed',
] as const;
export type AnswerKind = (typeof ANSWER_KINDS)[number];

export type DelayProfile = z.infer<typeof delaySchema>;
export type Localized<T = string> = { nl: T; en: T };
export type TacticEntry = z.infer<typeof tacticSchema>;
export type PersonaPool = z.infer<typeof catalogueSchema>['persona'];
export interface Catalogue extends Omit<z.infer<typeof catalogueSchema>, 'tactics' | 'answers'> {
  tactics: Record<Tactic, TacticEntry>;
  answers?: Partial<Record<AnswerKind, Localized<string[]>>>;
}

export const DEFAULT_CATALOGUE_PATH = packagePath('catalogue', 'catalogue.json');

/** Validates a decoded catalogue; throws InputError "file: tactic X: field: reason". */
export function parseCatalogue(raw: unknown, file = '<catalogue>'): Catalogue {
  const r = catalogueSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new InputError(file, undefined, where(issue.path.map(String)) + issue.message, 'E_CATALOGUE');
  }
  const c = r.data;
  const fail = (path: string[], reason: string): never => {
    throw new InputError(file, undefined, where(path) + reason, 'E_CATALOGUE');
  };

  for (const name of Object.keys(c.tactics)) {
    if (!(TACTICS as readonly string[]).includes(name)) fail(['tactics', name], `unknown tactic (valid: ${TACTICS.join(', ')})`);
  }
  for (const t of TACTICS) {
    const entry = c.tactics[t];
    if (!entry) fail(['tactics', t], 'missing: every tactic of core/tactics.ts needs an entry');
    const wantUnit = SILENT_TACTICS.has(t) ? 'hours' : 'minutes';
    if (entry!.delay.unit !== wantUnit) fail(['tactics', t, 'delay', 'unit'], `must be "${wantUnit}"`);
    for (const lang of LANGS) {
      const list = entry!.templates[lang];
      const path = ['tactics', t, 'templates', lang];
      if (SILENT_TACTICS.has(t)) {
        if (list.length) fail(path, 'a silent tactic sends nothing and must have no templates');
        continue;
      }
      if (list.length < MIN_VARIANTS) fail(path, `needs at least ${MIN_VARIANTS} variants (has ${list.length})`);
      const seen = new Map<string, number>();
      list.forEach((tpl, i) => {
        const p = [...path, String(i)];
        const compiled = compileTemplate(tpl);
        if (!compiled.ok) fail(p, compiled.error);
        checkText(tpl, p, fail);
        const names = nameLikeWords(tpl);
        if (names.length) fail(p, `"${names[0]}" looks like a name; names come only from {name}, places only from {place}`);
        const key = sentenceKey(tpl);
        if (seen.has(key)) fail(p, `duplicates variant ${seen.get(key)}`);
        seen.set(key, i);
      });
    }
  }
  for (const [kind, entry] of Object.entries(c.answers ?? {})) {
    if (!(ANSWER_KINDS as readonly string[]).includes(kind)) fail(['answers', kind], `unknown answer kind (valid: ${ANSWER_KINDS.join(', ')})`);
    for (const lang of LANGS) {
      const seen = new Map<string, number>();
      entry[lang].forEach((tpl, i) => {
        const p = ['answers', kind, lang, String(i)];
        const compiled = compileTemplate(tpl);
        if (!compiled.ok) fail(p, compiled.error);
        checkText(tpl, p, fail);
        const names = nameLikeWords(tpl);
        if (names.length) fail(p, `"${names[0]}" looks like a name; names come only from {name}, places only from {place}`);
        const key = sentenceKey(tpl);
        if (seen.has(key)) fail(p, `duplicates variant ${seen.get(key)}`);
        seen.set(key, i);
      });
    }
  }
  for (const part of ['openers', 'closers'] as const) {
    for (const lang of LANGS) c[part][lang].forEach((s, i) => checkText(s, [part, lang, String(i)], fail));
  }
  for (const [field, list] of Object.entries(c.persona)) {
    list.forEach((v: string | Localized, i: number) => {
      for (const s of typeof v === 'string' ? [v] : LANGS.map((l) => v[l])) checkText(s, ['persona', field, String(i)], fail);
    });
  }
  return c as Catalogue;
}

function checkText(s: string, path: string[], fail: (path: string[], reason: string) => never): void {
  const hits = scanText(s);
  if (hits.length) fail(path, `unsafe text (${hits[0]!.category}: "${hits[0]!.match}")`);
}

/** "tactics.haggle.templates.nl.3" → "tactic haggle: templates.nl[3]: " */
function where(path: string[]): string {
  if (!path.length) return '';
  if (path[0] === 'tactics' && path.length >= 2) {
    const rest = path.slice(2);
    return `tactic ${path[1]}: ${rest.length ? fieldPath(rest) + ': ' : ''}`;
  }
  return fieldPath(path) + ': ';
}

function fieldPath(path: string[]): string {
  return path.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** What "the same sentence" means for the no-repeat rule: case, punctuation and spacing ignored. */
export function sentenceKey(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}{}]+/gu, ' ')
    .trim();
}

export function readCatalogue(file: string): Catalogue {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(file, undefined, `cannot read catalogue: ${(e as Error).message}`, 'E_CATALOGUE');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new InputError(file, undefined, `not valid JSON: ${(e as Error).message}`, 'E_CATALOGUE');
  }
  return parseCatalogue(raw, file);
}

let shipped: Catalogue | undefined;
/** The catalogue shipped with the package, validated once. */
export function defaultCatalogue(): Catalogue {
  return (shipped ??= readCatalogue(DEFAULT_CATALOGUE_PATH));
}
