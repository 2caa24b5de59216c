// Who wrote which lines of data/safety/train.jsonl (data/safety/train-sources.json): the file only
// grows by appending a writer's or a spent test set's block, so a block is a range of lines. The
// cross-validation of scripts/bench/safety-cv.ts holds out one block at a time: a reader tested on
// lines by the writer it learnt from flatters itself (same phrasings, same typos), one tested on
// another writer's block shows how far it carries to phrasing it has not seen.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../../lib/errors.js';
import { packagePath } from '../../lib/package-root.js';
import type { SafetyExample } from './data.js';

const blockSchema = z.strictObject({ first: z.int().positive(), last: z.int().positive(), source: z.string().min(1), what: z.string() });
export type SourceBlock = z.output<typeof blockSchema>;

export function trainSourcesPath(): string {
  return packagePath('data', 'safety', 'train-sources.json');
}

/** The blocks, checked to be contiguous from line 1, in order, with distinct names. */
export function parseTrainSources(file: string, content: string): SourceBlock[] {
  const r = z.array(blockSchema).safeParse(JSON.parse(content));
  if (!r.success) throw new InputError(file, undefined, r.error.issues[0]!.message);
  let next = 1;
  const names = new Set<string>();
  for (const b of r.data) {
    if (b.first !== next || b.last < b.first) throw new InputError(file, undefined, `block ${b.source} starts at line ${b.first}, expected ${next}`);
    if (names.has(b.source)) throw new InputError(file, undefined, `block ${b.source} named twice`);
    names.add(b.source);
    next = b.last + 1;
  }
  return r.data;
}

export function loadTrainSources(): SourceBlock[] {
  const file = trainSourcesPath();
  return parseTrainSources(file, readFileSync(file, 'utf8'));
}

/**
 * The training lines grouped by block. `train` is train.jsonl in file order (it has no blank
 * lines, so example i is line i + 1); every line must lie in exactly one block.
 */
export function groupBySource(train: readonly SafetyExample[], blocks: readonly SourceBlock[]): Map<string, SafetyExample[]> {
  const last = blocks.at(-1)?.last ?? 0;
  if (last !== train.length) throw new RangeError(`train-sources.json covers ${last} lines, train.jsonl has ${train.length}`);
  const out = new Map<string, SafetyExample[]>();
  for (const b of blocks) out.set(b.source, train.slice(b.first - 1, b.last));
  return out;
}
