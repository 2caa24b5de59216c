// `dealerbot nlu eval`: trains on the train side of the fixed split and scores the held-out side;
// with a file, scores that labelled JSONL file with the shipped classifier (model.json, trained on all data).
// Either way it also scores the safety reader and the promo gate (nlu/safety/) on
// data/safety/validation.jsonl (where their thresholds were chosen) and, when it exists, on
// data/safety/test-frozen.jsonl (written after they were frozen; never used to change them).
import { readFileSync } from 'node:fs';
import { InputError } from '../lib/errors.js';
import { loadDataset, parseDatasetFile, splitDataset, SPLIT_SEED, HELD_OUT_SHARE } from './dataset.js';
import { createClassifier, loadClassifier, NLU_SEED } from './classifier.js';
import { evaluateClassifier, type NluEvaluation } from './evaluate.js';
import { loadSafetySet, readSafetyFile, safetySetPath, safetyTrainingSet } from './safety/data.js';
import { evaluateSafetySet, type SafetySetEvaluation } from './safety/evaluate.js';
import { loadSafetyReader } from './safety/reader.js';

export interface NluEvalReport extends NluEvaluation {
  /** what was scored: the held-out split, or a file */
  source: string;
  split?: { seed: string; held_out_share: number; train: number; held_out: number };
  /** with a file: how many of its texts are also in the training data (they flatter the figures) */
  overlap_with_training?: number;
  train_seed: number;
  /** the safety reader and promo gate on data/safety sets (validation; test_frozen when present; file with --safety-file) */
  safety_sets: { validation: SafetySetEvaluation; test_frozen?: SafetySetEvaluation; file?: SafetySetEvaluation };
}

export function runSafetyEval(opts: { safetyFile?: string } = {}): NluEvalReport['safety_sets'] {
  const reader = loadSafetyReader();
  const validation = loadSafetySet('validation');
  const training = new Set(safetyTrainingSet({ exclude: validation }).map((e) => e.text.trim().toLowerCase()));
  const out: NluEvalReport['safety_sets'] = { validation: evaluateSafetySet(reader, validation, 'data/safety/validation.jsonl', training) };
  const frozen = loadSafetySet('test-frozen');
  if (frozen) out.test_frozen = evaluateSafetySet(reader, frozen, 'data/safety/test-frozen.jsonl', training);
  if (opts.safetyFile && opts.safetyFile !== safetySetPath('test-frozen')) out.file = evaluateSafetySet(reader, readSafetyFile(opts.safetyFile), opts.safetyFile, training);
  return out;
}

export function runNluEval(opts: { file?: string; safetyFile?: string } = {}): NluEvalReport {
  const all = loadDataset();
  const safety_sets = runSafetyEval(opts);
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
    return { source: opts.file, overlap_with_training: examples.filter((e) => known.has(e.text)).length, train_seed: NLU_SEED, ...ev, safety_sets };
  }
  const { train, heldOut } = splitDataset(all);
  const ev = evaluateClassifier(createClassifier(train), heldOut);
  return {
    source: 'held-out split',
    split: { seed: SPLIT_SEED, held_out_share: HELD_OUT_SHARE, train: train.length, held_out: heldOut.length },
    train_seed: NLU_SEED,
    ...ev,
    safety_sets,
  };
}
