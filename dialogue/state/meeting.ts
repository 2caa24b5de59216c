// The meeting on the table: the place each side named, the time resolved against the clock of
// the message that named it, whether it was fixed, whether the dealer says he is there, and
// where the meeting window stands at a given instant.
import type { Reading } from '../reader/types.js';
import { nextLocal, DEFAULT_TIME_ZONE } from './local-time.js';
import { isNoShowComplaintFolded } from './no-show.js';
import { foldText } from './text.js';
import type { Meeting, MeetingPhase } from './types.js';

/** The window opens this long before the agreed time and closes this long after it. */
export const WINDOW_BEFORE_MS = 15 * 60_000;
export const WINDOW_AFTER_MS = 45 * 60_000;

export function emptyMeeting(): Meeting {
  return { dealerPlace: null, ourPlace: null, placeBy: null, listPlace: null, timeMs: null, proposed: false, proposedBy: null, agreed: false, dealerThere: false, missed: false, phase: 'none' };
}

const AGREE = /\b(afgesproken|deal|bet|is goed|is ok|oke?\b.*\b(zie|tot)|top|perfect|ik vertrek|vertrokken|onderweg|on my way|omw|see (you|u|ya)|cya|done|sorted|tot (straks|zo|dan|seffens)|zie u (daar|straks|dan)|ik kom eraan|im coming|i'm coming|coming now|leaving now)\b/;
const NOT_YET = /\b(bijna|almost|nearly|onderweg|on my way|omw|binnen \d+|binnen het (uur|half uur|kwartier)|within the hour|in an hour|in \d+ ?min|seffens|zo dadelijk)\b/;
const WAITING = /\b(wacht|wachten|waiting|wait)\b/;
const STARTS_OK = /^\s*(ok|oke|okay|oké|k|goed|top|bet|deal|perfect|allee? ok|ja ok|yes|yeah|ewa)\b/;
const THERE = /^\s*(here|hier|ben er|ben hier|i'?m here|im here)\b|\b(standing here|sta hier al|staan hier al|ik sta (er|hier|aan|al|buiten|voor)|ik ben (er|hier|aan|al daar)|ben er\b|sta er\b|we staan|hij staat (er|aan|hier)|ik wacht|wacht hier|ik ben ter plaatse|i'?m (here|outside|at|there)|im (here|outside|at|there)|here now|i'?m waiting|im waiting|been waiting|waiting (here|outside|for u|for you)|he'?s (there|here|outside|waiting)|driver is (there|here|outside)|outside now)\b/;

/** He says he is at the place now ("ik sta er", "i'm outside"), not that he is on his way. */
export function saysThere(text: string): boolean {
  return saysThereFolded(foldText(text));
}

/** saysThere on text already folded (foldText): for a caller that tests it for other words too */
export function saysThereFolded(f: string): boolean {
  return THERE.test(f) && !NOT_YET.test(f);
}

/** The time a reading names, as epoch ms, resolved against the message's instant; null when none. */
export function resolveTime(r: Reading, tMs: number, tz = DEFAULT_TIME_ZONE): number | null {
  const tomorrow = r.times.some((t) => t.kind === 'day' && t.day === 'tomorrow');
  for (const t of r.times) {
    if (t.kind === 'relative') return t.minutes > 0 && t.minutes <= 24 * 60 ? tMs + t.minutes * 60_000 : null;
    if (t.kind === 'clock') {
      if (t.hour < 0 || t.hour > 23 || t.minute < 0 || t.minute > 59) return null;
      const base = tomorrow ? tMs + 86_400_000 - 12 * 3_600_000 : tMs;
      let at = nextLocal(base, t.hour, t.minute, 30 * 60_000, tz);
      // "om 9u" at 20:00 means 21:00: of the two readings of an ambiguous hour, the nearer one ahead
      // ("by 12:30" at 22:36 is half past midnight, not tomorrow noon)
      if (t.ambiguous && t.hour <= 12) {
        const other = nextLocal(base, (t.hour + 12) % 24, t.minute, 30 * 60_000, tz);
        if (other < at) at = other;
      }
      return at;
    }
  }
  return null;
}

/** The meeting time a dealer message names (epoch ms), or null: at the place, "ik wacht nog 5 min" names none. */
export function dealerTime(m: Meeting, r: Reading, f: string, tMs: number, tz = DEFAULT_TIME_ZONE): number | null {
  // "ik wacht nog 5 min" while he is there is patience, not a new time
  const atPlace = m.dealerThere || m.phase === 'open';
  const waiting = WAITING.test(f) && atPlace;
  // at the place, "20 min" and "5 more mins" are how long he stood or will stand, not a new time
  const duration = atPlace && r.times.length > 0 && r.times.every((t) => t.kind === 'relative' && t.minutes <= 30);
  // "i stood there 25 min like a clown", "ik heb 20 min gewacht": how long he waited, not a new time
  const stood = r.times.length > 0 && r.times.every((t) => t.kind === 'relative') && isNoShowComplaintFolded(f);
  return waiting || duration || stood ? null : resolveTime(r, tMs, tz);
}

/** a time in words or digits: "21u15", "10:30", "8pm", "binnen 20 min", "morgen" */
const TIME_WORDS = /\d\s*(u|h|uur|:|pm|am)|\b(binnen|in|over|within)\s+\d|\b(morgen|vanavond|tonight|tomorrow|straks|seffens)\b/;

/**
 * "ok 21u15 Kielpark": the ok is about the meeting when the time or place stands in its sentence;
 * in "ok 2g groen is 20. ik kan om 22u aan de kerk zijn" it is about the price, and the meeting is
 * his proposal, not yet agreed
 */
function okNamesMeeting(f: string, r: Reading): boolean {
  const end = f.search(/[.!?\n]/);
  if (end < 0) return true;
  const first = f.slice(0, end);
  return TIME_WORDS.test(first) || r.placeSpans.some((p) => p.start < end);
}

/** Folds one dealer message into the meeting. */
export function dealerMeeting(m: Meeting, r: Reading, text: string, act: string | undefined, tMs: number, tz = DEFAULT_TIME_ZONE): Meeting {
  const f = foldText(text);
  const timeMs = dealerTime(m, r, f, tMs, tz);
  const place = r.placeSpans[0]?.text ?? null;
  const next: Meeting = { ...m };
  const named = timeMs !== null || place !== null;
  if (named) {
    // a new time is a new meeting: whether he is there starts over
    if (timeMs !== null && m.timeMs !== null && Math.abs(timeMs - m.timeMs) > 10 * 60_000) {
      next.agreed = false;
      next.dealerThere = false;
      next.missed = false;
    }
    if (timeMs !== null) next.timeMs = timeMs;
    if (place !== null) {
      next.dealerPlace = place;
      next.placeBy = 'dealer';
    }
    next.proposed = true;
    next.proposedBy = 'dealer';
  }
  // a message that puts a time or place of his own on the table agrees to it only in words that
  // are about it: "ok 2g is 20. ik kan om 22u aan het Sint-Jansplein zijn" is read as meet_confirm,
  // and was taken for an agreement the bot then "rescheduled" a minute later
  const okAboutMeeting = !named || okNamesMeeting(f, r);
  if ((named || m.proposed) && ((act === 'meet_confirm' && okAboutMeeting) || AGREE.test(f) || (named && STARTS_OK.test(f) && okNamesMeeting(f, r)))) next.agreed = next.proposed = true;
  if (saysThereFolded(f)) {
    next.dealerThere = true;
    next.proposed = true;
    if (next.timeMs === null || next.timeMs > tMs + WINDOW_BEFORE_MS) next.timeMs = tMs;
  }
  return next;
}

/** Folds one of our sent messages (its tactic, and the operator place it names) into the meeting. */
export function ourMeeting(m: Meeting, tactic: string | undefined, place: string | null, timeMs: number | null): Meeting {
  const next: Meeting = { ...m };
  if (place !== null) {
    next.ourPlace = place;
    next.placeBy = 'us';
    // he named one of the list and we did not propose anew: his stays the place
    if (m.listPlace === null || tactic === 'propose_meeting' || tactic === 'reschedule') next.listPlace = m.listPlace !== null && m.placeBy === 'dealer' && m.agreed ? m.listPlace : place;
  }
  if (tactic === 'propose_meeting' || tactic === 'reschedule') {
    next.proposed = true;
    next.proposedBy = 'us';
    next.agreed = false;
    next.dealerThere = false;
    if (timeMs !== null) {
      if (timeMs !== m.timeMs) next.missed = false;
      next.timeMs = timeMs;
    }
  }
  if (tactic === 'confirm_meeting' && m.proposed) {
    next.agreed = true;
    if (timeMs !== null && m.timeMs === null) next.timeMs = timeMs;
  }
  return next;
}

export function meetingPhase(m: Meeting, nowMs: number): MeetingPhase {
  if (m.timeMs === null) return m.dealerThere ? 'open' : 'none';
  if (nowMs < m.timeMs - WINDOW_BEFORE_MS) return 'ahead';
  if (nowMs <= m.timeMs + WINDOW_AFTER_MS) return 'open';
  return 'past';
}
