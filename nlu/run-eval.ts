// `dealerbot nlu eval`: trains on the train side of the fixed split and scores the held-out side;
// with a file, scores that labelled JSONL file with the shipped classifier (model.json, trained on all data).
import { readFileSync } from 'node:fs';
import { InputError } from '../lib/errors.js';
import { loadDataset, parseDatasetFile, splitDataset, SPLIT_SEED, HELD_OUT_SHARE } from './dataset.js';
import { createClassifier, loadClassifier, NLU_SEED } from './classifier.js';
import { evaluateClassifier, type NluEvaluation } from './evaluate.js';

export interface NluEvalReport extends NluEvaluation {
  /** what was scored: the held-out split, or a file */
  source: string;
  split?: { seed: string; held_out_share: number; train: number; held_out: number };
  /** with a file: how many of its texts are also in the training data (they flatter the figures) */
  overlap_with_training?: number;
  train_seed: number;
}

export function runNluEval(opts: { file?: string } = {}): NluEvalReport {
  const all = loadDataset();
  if (opts.file) {
    let content: string;
    try {
      content = readFileSync(opts.file, 'utf8');
    } catch (e) {
      throw new InputError(opts.file, undefined, `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    const examples = parseDatasetFile(opts.file, content);
    const known = new Set(all.map((e) => e.text));
    const ev = evaluateClassifier(loadClassifier(), examples);
    return { source: opts.file, overlap_with_training: examples.filter((e) => known.has(e.text)).length, train_seed: NLU_SEED, ...ev };
  }
  const { train, heldOut } = splitDataset(all);
  const ev = evaluateClassifier(createClassifier(train), heldOut);
  return {
    source: 'held-out split',
    split: { seed: SPLIT_SEED, held_out_share: HELD_OUT_SHARE, train: train.length, held_out: heldOut.length },
    train_seed: NLU_SEED,
    ...ev,
  };
}
