// The hand-written safety sets of data/safety/ (README there): what the safety reader and the promo
// gate learn from (train.jsonl), where their thresholds are chosen (validation.jsonl), and the set
// written after they were frozen (test-frozen.jsonl, optional: read when present, never tuned on).
// Plus the training examples taken from the dealer-act data set (data/nlu/dataset, train side of
// its fixed split only, so that its held-out side stays unseen by both models).
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../../lib/errors.js';
import { parseJsonlLines } from '../../lib/jsonl-lines.js';
import { packagePath } from '../../lib/package-root.js';
import type { DealerAct } from '../../core/acts.js';
import { type LabelledExample, loadDataset, splitDataset } from '../dataset.js';
import type { Lang } from '../../core/lang.js';

export const SAFETY_LABELS = ['opt_out', 'threat', 'minor', 'ordinary', 'promo', 'first_other'] as const;
export type SafetyLabel = (typeof SAFETY_LABELS)[number];

export interface SafetyExample {
  text: string;
  lang: Lang;
  label: SafetyLabel;
  note?: string;
  /** for examples from the dealer-act data set labelled `ordinary`: their dealer act */
  act?: DealerAct;
}

const exampleSchema = z.strictObject({
  text: z.string().min(1, 'text is empty'),
  lang: z.enum(['nl', 'en']),
  label: z.enum(SAFETY_LABELS),
  note: z.string().optional(),
});

export type SafetySetName = 'train' | 'validation' | 'test-frozen';

export function safetySetPath(name: SafetySetName): string {
  return packagePath('data', 'safety', `${name}.jsonl`);
}

/** Parses one JSONL file; a bad line is an InputError naming file, line and reason. */
export function parseSafetyFile(file: string, content: string): SafetyExample[] {
  const seen = new Map<string, number>();
  return parseJsonlLines(file, content, exampleSchema).map(({ line, value }) => {
    const before = seen.get(value.text);
    if (before !== undefined) throw new InputError(file, line, `duplicate text ${JSON.stringify(value.text)} (also on line ${before})`);
    seen.set(value.text, line);
    return value;
  });
}

export function readSafetyFile(file: string): SafetyExample[] {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(file, undefined, `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  return parseSafetyFile(file, content);
}

/** A shipped set; `undefined` for test-frozen.jsonl while it does not exist. */
export function loadSafetySet(name: 'train' | 'validation'): SafetyExample[];
export function loadSafetySet(name: SafetySetName): SafetyExample[] | undefined;
export function loadSafetySet(name: SafetySetName): SafetyExample[] | undefined {
  const file = safetySetPath(name);
  if (name === 'test-frozen' && !existsSync(file)) return undefined;
  return readSafetyFile(file);
}

/** The label a dealer-act example gives the safety model. */
export function labelOfActExample(e: LabelledExample): SafetyLabel {
  if (e.minor) return 'minor';
  if (e.act === 'opt_out') return 'opt_out';
  if (e.act === 'threat') return 'threat';
  if (e.act === 'promo') return 'promo';
  return 'ordinary';
}

/**
 * What the safety model is trained on: data/safety/train.jsonl, then the train side of the
 * dealer-act data set's split, relabelled (labelOfActExample). Texts that also appear in
 * `exclude` (validation and test texts, compared after case folding) are left out, so nothing
 * that thresholds are chosen or figures are measured on is learnt from.
 */
export function safetyTrainingSet(opts: { train?: readonly SafetyExample[]; actExamples?: readonly LabelledExample[]; exclude?: readonly SafetyExample[] } = {}): SafetyExample[] {
  const train = opts.train ?? loadSafetySet('train');
  const acts = opts.actExamples ?? splitDataset(loadDataset()).train;
  const key = (t: string) => t.trim().toLowerCase();
  const excluded = new Set((opts.exclude ?? []).map((e) => key(e.text)));
  const seen = new Set<string>();
  const out: SafetyExample[] = [];
  const add = (e: SafetyExample) => {
    const k = key(e.text);
    if (excluded.has(k) || seen.has(k)) return;
    seen.add(k);
    out.push(e);
  };
  for (const e of train) add(e);
  for (const e of acts) {
    const label = labelOfActExample(e);
    add(label === 'ordinary' ? { text: e.text, lang: e.lang, label, act: e.act } : { text: e.text, lang: e.lang, label });
  }
  return out;
}
