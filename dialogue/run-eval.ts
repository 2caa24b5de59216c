// `dealerbot dialogue eval`: scores the reader on the dev file (figures and misses) and on the
// held-out file (figures only: its texts and misses are never printed), or on one given file.
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
}

const reader = (text: string) => toSlots(readMessage(text));

export function scoreFile(file: string): DialogueEvalSection {
  const heldOut = isHeldOut(file);
  const ev = evaluateReader(reader, readLabelled(file), { misses: !heldOut });
  return { file, held_out: heldOut, ...ev };
}

export function runDialogueEval(opts: { file?: string; dev?: string; heldout?: string } = {}): DialogueEvalReport {
  if (opts.file) return { file: scoreFile(opts.file) };
  return { dev: scoreFile(opts.dev ?? devFile()), heldout: scoreFile(opts.heldout ?? heldOutFile()) };
}
