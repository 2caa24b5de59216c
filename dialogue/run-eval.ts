// `dealerbot dialogue eval`: scores the reader on the dev file (figures and misses) and on the
// held-out file (figures only: its texts and misses are never printed), or on one given file.
// The held-out file is written after the reader is frozen, so it may not exist: then only dev is
// scored and the report says why.
import { existsSync } from 'node:fs';
import { devFile, heldOutFile, isHeldOut, readLabelled } from './dataset.js';
import { evaluateReader, type ExtractionEvaluation } from './evaluate.js';
import { readMessage, toSlots } from './reader/read.js';

export interface DialogueEvalSection extends ExtractionEvaluation {
  file: string;
  /** held-out files are scored as a whole: no misses, no texts */
  held_out: boolean;
}

export interface DialogueEvalReport {
  dev?: DialogueEvalSection;
  heldout?: DialogueEvalSection;
  file?: DialogueEvalSection;
  /** set when the held-out file does not exist (yet): the report has dev figures only */
  heldout_missing?: string;
}

const reader = (text: string) => toSlots(readMessage(text));

export function scoreFile(file: string): DialogueEvalSection {
  const heldOut = isHeldOut(file);
  const ev = evaluateReader(reader, readLabelled(file), { misses: !heldOut });
  return { file, held_out: heldOut, ...ev };
}

export function runDialogueEval(opts: { file?: string; dev?: string; heldout?: string } = {}): DialogueEvalReport {
  if (opts.file) return { file: scoreFile(opts.file) };
  const dev = scoreFile(opts.dev ?? devFile());
  const heldout = opts.heldout ?? heldOutFile();
  if (!existsSync(heldout)) {
    return { dev, heldout_missing: `${heldout} does not exist (it is written after the reader is frozen): dev figures only` };
  }
  return { dev, heldout: scoreFile(heldout) };
}
