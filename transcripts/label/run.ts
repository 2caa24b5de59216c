// `dealerbot data label F --out F2`: reads a transcript (JSONL or CSV), labels it and writes the
// result atomically (CSV when F2 ends in .csv, JSONL otherwise).
import { writeFileAtomic } from '../../lib/atomic-write.js';
import { InputError, UsageError } from '../../lib/errors.js';
import { CSV_HEADER, formatCsvLine, formatJsonlLine } from '../import/canonical.js';
import { loadClassifier } from '../../nlu/classifier.js';
import { readTranscript } from '../read.js';
import type { TranscriptEvent } from '../../core/transcript.js';
import { labelEvents, type LabelCounts } from './label-transcript.js';
import { TacticMatcher } from './tactic-matcher.js';

/**
 * Default thresholds; the two confidences have different scales (BENCHMARKS.md, NLU):
 * - act: a probability over 14 acts. On the held-out set every message under 0.2 was
 *   misclassified (1.8% of them); above it accuracy is 0.89.
 * - tactic: a cosine similarity. Rendered replies match their template at a median of ~0.84,
 *   hand-typed paraphrases at 0.40–1.0, while small talk with no tactic ("ok", "lol",
 *   "ik heb een hond") reaches 0.29–0.33 against some template.
 */
export const DEFAULT_MIN_ACT_CONFIDENCE = 0.2;
export const DEFAULT_MIN_TACTIC_CONFIDENCE = 0.35;

export interface LabelRunOptions {
  file: string;
  out: string;
  /** sets both thresholds; the specific ones below win */
  minConfidence?: number;
  minActConfidence?: number;
  minTacticConfidence?: number;
}

export interface LabelResult extends LabelCounts {
  events: number;
  min_confidence: { act: number; tactic: number };
  out_file: string;
}

function threshold(name: string, ...xs: (number | undefined)[]): number {
  const x = xs.find((v) => v !== undefined)!;
  if (!(x >= 0 && x <= 1)) throw new UsageError(`--${name} must be a number in [0,1], got ${x}`);
  return x;
}

export async function runLabel(o: LabelRunOptions): Promise<LabelResult> {
  const act = threshold(o.minActConfidence !== undefined ? 'min-act-confidence' : 'min-confidence', o.minActConfidence, o.minConfidence, DEFAULT_MIN_ACT_CONFIDENCE);
  const tactic = threshold(o.minTacticConfidence !== undefined ? 'min-tactic-confidence' : 'min-confidence', o.minTacticConfidence, o.minConfidence, DEFAULT_MIN_TACTIC_CONFIDENCE);
  const { events, rejects } = await readTranscript(o.file);
  // labelling must not drop lines: a transcript that does not read cleanly is refused whole
  const first = rejects[0];
  if (first) {
    const more = rejects.length > 1 ? ` (and ${rejects.length - 1} more bad lines)` : '';
    throw new InputError(first.file, first.line, `${first.reason}${more}; fix or re-import it before labelling`);
  }
  const labelled = labelEvents(events, { classifier: loadClassifier(), matcher: new TacticMatcher(), minActConfidence: act, minTacticConfidence: tactic });
  await writeFileAtomic(o.out, lines(labelled.events, /\.csv$/i.test(o.out)));
  return { events: events.length, ...labelled.counts, min_confidence: { act, tactic }, out_file: o.out };
}

function* lines(events: readonly TranscriptEvent[], csv: boolean): Generator<string> {
  if (csv) yield CSV_HEADER;
  for (const e of events) yield csv ? formatCsvLine(e) : formatJsonlLine(e);
}
