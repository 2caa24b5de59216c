// The labelled dealer-message data set shipped in data/nlu/dataset/<act>.jsonl, and its fixed
// train/held-out split (seeded hash of the text, stratified by act).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DEALER_ACTS, type DealerAct } from '../core/acts.js';
import { InputError } from '../lib/errors.js';
import { parseJsonlLines } from '../lib/jsonl-lines.js';
import { packagePath } from '../lib/package-root.js';
import { hashString } from '../lib/random.js';
import { LANGS, type Lang } from '../core/lang.js';

export interface LabelledExample {
  text: string;
  act: DealerAct;
  lang: Lang;
  /** the message shows signs that the writer is a minor (must be escalated) */
  minor?: boolean;
}

const exampleSchema = z.strictObject({
  text: z.string().min(1, 'text is empty'),
  act: z.enum(DEALER_ACTS),
  lang: z.enum(LANGS),
  minor: z.boolean().optional(),
});

export function datasetDir(): string {
  return packagePath('data', 'nlu', 'dataset');
}

/** Parses one JSONL file; any bad line is an InputError naming file, line and reason. */
export function parseDatasetFile(file: string, content: string): LabelledExample[] {
  return parseJsonlLines(file, content, exampleSchema).map((l) => l.value);
}

/** Every *.jsonl file of the directory, in name order; duplicate texts are an error. */
export function loadDataset(dir = datasetDir()): LabelledExample[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort();
  const seen = new Map<string, string>();
  const all: LabelledExample[] = [];
  for (const f of files) {
    const path = join(dir, f);
    const examples = parseDatasetFile(path, readFileSync(path, 'utf8'));
    examples.forEach((e, i) => {
      const before = seen.get(e.text);
      // a text labelled twice would leak between train and held-out or contradict itself
      if (before) throw new InputError(path, undefined, `duplicate text ${JSON.stringify(e.text)} (also in ${before})`);
      seen.set(e.text, `${f}#${i + 1}`);
    });
    all.push(...examples);
  }
  return all;
}

export const SPLIT_SEED = 'dealerbot-nlu-v1';
export const HELD_OUT_SHARE = 0.2;

export interface DatasetSplit {
  train: LabelledExample[];
  heldOut: LabelledExample[];
}

/**
 * Stratified split: within each act, examples are ordered by a seeded hash of their text and the
 * first round(share × n) are held out. Adding an example moves no other example between sides
 * except inside its own act's boundary.
 */
export function splitDataset(examples: readonly LabelledExample[], seed = SPLIT_SEED, share = HELD_OUT_SHARE): DatasetSplit {
  const byAct = new Map<DealerAct, LabelledExample[]>();
  for (const e of examples) {
    const list = byAct.get(e.act) ?? [];
    list.push(e);
    byAct.set(e.act, list);
  }
  const heldOutSet = new Set<LabelledExample>();
  for (const list of byAct.values()) {
    const ranked = list
      .map((e) => ({ e, h: hashString(`${seed}\u0000${e.text}`) }))
      .sort((a, b) => a.h - b.h || (a.e.text < b.e.text ? -1 : 1));
    const k = Math.round(share * list.length);
    for (let i = 0; i < k; i++) heldOutSet.add(ranked[i]!.e);
  }
  return {
    train: examples.filter((e) => !heldOutSet.has(e)),
    heldOut: examples.filter((e) => heldOutSet.has(e)),
  };
}
