// The dealer's direct questions: the reader's question types, plus two forms it leaves as
// `other` or misses that a reply must still answer: a bare confirmation request ("…, ok?",
// "deal?", "goed voor u?") and a consistency trap about what we said before ("gisteren zei ge
// dat ge Jens waart??", "u said ur name was Mike").
import type { QuestionType, Reading } from '../reader/types.js';
import { foldText } from './text.js';

const CONFIRM = /(\b(ok|oke|oké|goed|deal|right|cool|ja of nee|yes or no|yes\/no|goed voor u|good for u|good for you|works for (u|you)|afgesproken)\s*\?+\s*$)|\bok\?|^\s*(ja of nee|yes or no|ja of neen)\b/;
const TRAP = /\b(zei ge|zegde ge|zeide ge|ge zei|gij zei|ge zegt|u said|you said|u told me|you told me|said ur|said your|u were|you were called|je zei)\b/;
const NAME_OR_STORY = /\b(naam|noemt|heet|waart|name|called|student|werk|work|job|studeert|study|ge zijt|u are|ur)\b/;

export function questionsOf(r: Reading, text: string): QuestionType[] {
  const f = foldText(text);
  const out: QuestionType[] = [...r.questions];
  if (TRAP.test(f) && NAME_OR_STORY.test(f) && !out.includes('who_are_you')) out.unshift('who_are_you');
  if (CONFIRM.test(f) && !out.includes('other')) out.push('other');
  // a trap is answered as "who are you"; its leftover `other` says nothing more
  if (out.includes('who_are_you') && TRAP.test(f)) return out.filter((q) => q !== 'other');
  return out;
}

/** Adds a message's questions to the pending ones, each type once, the newest last. */
export function addPending(pending: readonly QuestionType[], qs: readonly QuestionType[]): QuestionType[] {
  const out = pending.filter((q) => !qs.includes(q));
  out.push(...qs);
  return out;
}
