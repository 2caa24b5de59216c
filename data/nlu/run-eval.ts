// `dealerbot nlu eval`: trains on the train side of the fixed split and scores the held-out side.
import { loadDataset, splitDataset, SPLIT_SEED, HELD_OUT_SHARE } from './dataset.js';
import { createClassifier, NLU_SEED } from './classifier.js';
import { evaluateClassifier, type NluEvaluation } from './evaluate.js';

export interface NluEvalReport extends NluEvaluation {
  split: { seed: string; held_out_share: number; train: number; held_out: number };
  train_seed: number;
}

export function runNluEval(): NluEvalReport {
  const { train, heldOut } = splitDataset(loadDataset());
  const ev = evaluateClassifier(createClassifier(train), heldOut);
  return {
    split: { seed: SPLIT_SEED, held_out_share: HELD_OUT_SHARE, train: train.length, held_out: heldOut.length },
    train_seed: NLU_SEED,
    ...ev,
  };
}
