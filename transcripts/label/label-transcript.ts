// Labels old, hand-typed conversations so they become training data: `act` on incoming
// messages (the NLU classifier) and `tactic` on outgoing SMS a person wrote (nearest catalogue
// template), each with a confidence. Labels already present are never overwritten.
import type { DealerActClassifier } from '../../nlu/classifier.js';
import type { TranscriptEvent } from '../../core/transcript.js';
import type { TacticMatcher } from './tactic-matcher.js';

export interface LabelOptions {
  classifier: Pick<DealerActClassifier, 'classify'>;
  matcher: Pick<TacticMatcher, 'match'>;
  /** an act with a lower confidence (classifier probability) is left empty and counted */
  minActConfidence: number;
  /** a tactic with a lower confidence (template similarity) is left empty and counted */
  minTacticConfidence: number;
}

export interface LabelCounts {
  /** incoming messages that got an act */
  in_labelled: number;
  /** outgoing human SMS that got a tactic */
  out_labelled: number;
  /** candidates left without a label: below --min-confidence, or no text to read */
  left_empty: number;
  left_empty_detail: { in_low_confidence: number; out_low_confidence: number; no_text: number };
  /** events that already had their label (kept as they were) */
  already_labelled: number;
}

/** A person wrote it: the runtime and the simulator always log the deciding policy's id. */
export function isHumanReply(e: TranscriptEvent): boolean {
  return e.direction === 'out' && e.kind === 'sms' && (e.policy === undefined || e.policy === 'human');
}

function needsAct(e: TranscriptEvent): boolean {
  return e.direction === 'in' && (e.kind === 'sms' || e.kind === 'mms');
}

/** Returns new event objects (the input is not modified) and the counts. */
export function labelEvents(events: readonly TranscriptEvent[], opts: LabelOptions): { events: TranscriptEvent[]; counts: LabelCounts } {
  const counts: LabelCounts = {
    in_labelled: 0,
    out_labelled: 0,
    left_empty: 0,
    left_empty_detail: { in_low_confidence: 0, out_low_confidence: 0, no_text: 0 },
    already_labelled: 0,
  };
  const leave = (why: keyof LabelCounts['left_empty_detail']) => {
    counts.left_empty++;
    counts.left_empty_detail[why]++;
  };
  const out = events.map((e): TranscriptEvent => {
    if (needsAct(e)) {
      if (e.act !== undefined) return counts.already_labelled++, e;
      if (e.text.trim() === '') return leave('no_text'), e;
      const c = opts.classifier.classify(e.text);
      if (c.confidence < opts.minActConfidence) return leave('in_low_confidence'), e;
      counts.in_labelled++;
      return { ...e, act: c.act, act_confidence: c.confidence };
    }
    if (isHumanReply(e)) {
      if (e.tactic !== undefined) return counts.already_labelled++, e;
      const m = opts.matcher.match(e.text);
      if (!m) return leave('no_text'), e;
      if (m.confidence < opts.minTacticConfidence) return leave('out_low_confidence'), e;
      counts.out_labelled++;
      return { ...e, tactic: m.tactic, tactic_confidence: m.confidence };
    }
    return e;
  });
  return { events: out, counts };
}
