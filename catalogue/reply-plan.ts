// Which state-aware lines a reply opens with, and whether the tactic's own body still fits after
// them. Pure: the same tactic and facts give the same plan.
//
// Order: an excuse for a no-show first (never a cheerful new appointment straight after one),
// then the dealer's pending direct questions (at most three, newest first), then, while he waits at
// the meeting place, a late/lost line. Then the tactic's own body: answer, then move on, as a
// person does. The body is what the policy chose and what the decision log says was said, so it
// is dropped only where it cannot follow the answers: "wa bedoelde?" (misunderstand) after a real
// answer, and, while he waits at the spot, every body but the ones that still fit there
// (reschedule, ask_call, running_late, ask_location: "waar staat ge juist?", reassure). An answer
// that replaced the body made the reply say something other than the logged tactic: live
// dealers heard a confirmation where the simulator's dealers heard reassure (issue 18).
//
// After the answers, what he just gave is taken up when the body would pass it by: his price
// ("5g voor 45, oké", unless the tactic haggles over it), his time or place ("om 22u zou kunnen";
// "oké, om 22u dan" once he fixed it), unless the tactic is about the meeting itself. A reply
// that asks about quality right after "2g is 20, om 22u aan de kerk" reads as if it did not hear
// him (chat, 15 turns in each language). For misunderstand the line is an echo ("45? wacht…").
import type { Tactic } from '../core/tactics.js';
import type { AnswerKind } from './catalogue.js';
import type { ReplyFacts } from './reply-facts.js';
import type { Slot } from './slots.js';

export interface ReplyPlan {
  answers: AnswerKind[];
  keepBody: boolean;
  /** slots a body must not use now (e.g. {place} when the dealer fixed a place that is not ours) */
  avoidSlots: Slot[];
}

const MAX_ANSWERS = 3;
const CONTRADICTS_ANSWER: ReadonlySet<Tactic> = new Set(['misunderstand']);
const WHILE_WAITING: ReadonlySet<Tactic> = new Set(['reschedule', 'ask_call', 'running_late', 'ask_location', 'reassure']);
/** tactics whose body is about the meeting: they take up his time and place themselves */
const MEETING_TACTICS: ReadonlySet<Tactic> = new Set(['confirm_meeting', 'reschedule', 'propose_meeting', 'running_late']);
/** answers that already speak of his price, or of the meeting time and place */
const PRICE_ANSWERS: ReadonlySet<AnswerKind> = new Set(['price_check']);
const MEETING_ANSWERS: ReadonlySet<AnswerKind> = new Set(['when', 'where_meet', 'where_late', 'there', 'cant_come']);
/** the lines that take up what he gave (not answers to a question) */
const HEARD_KINDS: ReadonlySet<AnswerKind> = new Set(['price_heard', 'price_echo', 'time_heard', 'time_agreed', 'time_echo', 'meeting_heard', 'meeting_agreed']);
/** the most lines a reply opens with (the question answers and what he gave) */
const MAX_LINES = 4;

export function windowOpen(f: ReplyFacts): boolean {
  return f.meeting.phase === 'open' && (f.meeting.agreed || f.meeting.dealerThere);
}

function answerFor(q: string, f: ReplyFacts): AnswerKind | null {
  switch (q) {
    case 'who_are_you':
      return f.story.name ? 'who_again' : 'who';
    case 'how_got_number':
      return f.story.numberSource ? 'number_again' : 'number';
    case 'how_much':
      return 'how_much';
    case 'what_want':
      return 'what_want';
    case 'where_are_you':
      return windowOpen(f) ? 'where_late' : 'where_meet';
    case 'when':
      return 'when';
    case 'are_you_police':
      return 'police';
    case 'are_you_bot':
      return 'bot';
    case 'can_call':
      return 'call';
    case 'ready':
      // "ge komt?" hours before the meeting: "ja", not "bijna klaar, ik vertrek seffens"
      if (!windowOpen(f) && f.meeting.timeMs !== null && f.meeting.timeMs > f.nowMs + 60 * 60_000) return 'confirm';
      return windowOpen(f) ? 'where_late' : 'ready';
    case 'pay_how':
      return 'pay';
    case 'other':
      return 'confirm';
    case 'why_write':
      return 'why';
    case 'price_test':
      return f.offer.prices.length ? 'price_check' : 'confirm';
    default:
      return null;
  }
}

export function planReply(tactic: Tactic, f: ReplyFacts): ReplyPlan {
  const answers: AnswerKind[] = [];
  const add = (k: AnswerKind | null) => {
    if (k === null || answers.includes(k)) return;
    // one quantity answer is enough; "ja is goed" adds nothing after a real answer
    if ((k === 'how_much' && answers.includes('what_want')) || (k === 'what_want' && answers.includes('how_much'))) return;
    answers.push(k);
  };
  if (f.noShowUnexcused && f.noShows > 0) add('no_show');
  // the newest question first: it is the one he is waiting for
  // a reschedule while he waits calls the meeting off: "waar zijt ge" gets "ik geraak er ni", not
  // "bijna daar" before "kan pas morgen" (chat, 15 turns in each language)
  const calledOff = tactic === 'reschedule' && windowOpen(f);
  for (const q of [...f.pending].reverse()) {
    const k = answerFor(q, f);
    add(calledOff && (k === 'where_late' || k === 'ready') ? 'cant_come' : k);
  }
  const waiting = windowOpen(f) && f.meeting.dealerThere;
  if (waiting && !calledOff && !answers.includes('where_late')) add('there');
  // the excuse is the answer to "wa was da?": no "ja is goed" after it
  let list = answers.includes('no_show') ? answers.filter((k) => k !== 'confirm') : answers;
  // a question about the meeting place while he waits is answered by the late line alone
  if (list.includes('where_late')) list = list.filter((k) => k !== 'there');
  list = list.slice(0, MAX_ANSWERS);
  const questionLines = list.length;
  const heard = f.heard ?? [];
  const echo = tactic === 'misunderstand';
  if (heard.includes('price') && f.offer.prices.length && tactic !== 'haggle' && !list.some((k) => PRICE_ANSWERS.has(k))) list.push(echo ? 'price_echo' : 'price_heard');
  const meetingHeard = (heard.includes('time') || heard.includes('place')) && !MEETING_TACTICS.has(tactic) && !list.some((k) => MEETING_ANSWERS.has(k));
  // while he waits there the lines for that speak; after a no-show the excuse comes first, and his
  // new time ("ik geef u nog 1 kans, vanavond 20u") is still taken up after it
  const movedSpot = heard.includes('place') && !MEETING_TACTICS.has(tactic) && !list.some((k) => MEETING_ANSWERS.has(k) && k !== 'there');
  if (f.meeting.dealerThere && movedSpot && !echo) {
    // he moves the spot while he waits ("too many cops here, come to Astrid square"): "da ken ik wel"
    list.push('meeting_heard');
  } else if (meetingHeard && f.meeting.phase !== 'past' && !f.meeting.dealerThere) {
    const timeAhead = heard.includes('time') && f.meeting.timeMs !== null && f.meeting.timeMs > f.nowMs + 10 * 60_000;
    if (timeAhead) list.push(echo ? 'time_echo' : f.meeting.agreed ? 'time_agreed' : 'time_heard');
    // "hij komt, 20 min" and the time is (nearly) here: no time to name, the meeting to take up
    else if (!echo) list.push(f.meeting.agreed ? 'meeting_agreed' : 'meeting_heard');
  }
  // "22u of nie?": the line about his time is the answer; "goed ja" in front of "om 22u misschien" says two things
  if (list.length > questionLines && list.includes('confirm') && !f.pending.includes('ready')) list = list.filter((k) => k !== 'confirm');
  list = list.slice(0, MAX_LINES);

  const avoidSlots: Slot[] = [];
  // he fixed a place that is not on our list: do not contradict it with ours, do not repeat his
  // and confirming his proposal ("10:30pm at the Kinepolis parking") says no place: ours would
  // make "ok, at the church at 10:30pm, i'll be there" a counter dressed as a yes
  if (f.meeting.placeBy === 'dealer' && (f.meeting.agreed || tactic === 'confirm_meeting') && tactic !== 'propose_meeting' && tactic !== 'reschedule') avoidSlots.push('place');
  // one excuse per message: the no-show or late line already gives one; and none without a
  // meeting to excuse ("sorry, ik moest overwerken" when nothing was agreed yet, chat nl)
  const nothingAgreed = !f.meeting.agreed && !f.meeting.dealerThere && !f.noShowUnexcused;
  if (list.includes('no_show') || list.includes('where_late') || (nothingAgreed && (tactic === 'reschedule' || tactic === 'running_late'))) avoidSlots.push('excuse');
  // the meeting time is (nearly) here or gone: only a new proposal names a time
  if (f.meeting.timeMs !== null && f.meeting.timeMs <= f.nowMs + 10 * 60_000 && tactic !== 'propose_meeting' && tactic !== 'reschedule') avoidSlots.push('time');
  // a price is known: no body that asks for one
  if (f.offer.prices.length && tactic === 'haggle') avoidSlots.push('amount');

  let keepBody = true;
  if (windowOpen(f) && (waiting || list.includes('where_late'))) keepBody = WHILE_WAITING.has(tactic);
  // an echo of his price or time is what "wa bedoelde?" asks about: the body stays after it
  else if (list.some((k) => !HEARD_KINDS.has(k))) keepBody = !CONTRADICTS_ANSWER.has(tactic);
  // proposing a meeting again while one is agreed and ahead changes nothing: answer only
  if (tactic === 'propose_meeting' && f.meeting.agreed && f.meeting.phase === 'ahead' && list.length) keepBody = false;
  if (!list.length) keepBody = true;
  return { answers: list, keepBody, avoidSlots };
}
