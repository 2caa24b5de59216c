// The dialogue state as a pure fold over a conversation's events: the same events and the same
// clock give the same state, in the runtime (live, and after a restart), in transcript replay and
// in off-policy evaluation. Nothing but the events, the instant `nowMs` and the configuration
// (time zone, the operator's places) goes in.
import type { ObservedEvent } from '../../core/observation.js';
import type { Lang } from '../../core/lang.js';
import { readMessage } from '../reader/read.js';
import type { Reading } from '../reader/types.js';
import { DEFAULT_TIME_ZONE } from './local-time.js';
import { dealerMeeting, dealerTime, emptyMeeting, meetingPhase, ourMeeting, resolveTime, WINDOW_AFTER_MS } from './meeting.js';
import { isNoShowComplaint } from './no-show.js';
import { addToOffer, emptyOffer } from './offer.js';
import { addPending, questionsOf } from './questions.js';
import { emptyStory, tellStory } from './story.js';
import { foldText } from './text.js';
import { DIALOGUE_STATE_VERSION, type DialogueState, type Heard } from './types.js';

export type StateEvent = Pick<ObservedEvent, 'tMs' | 'direction' | 'kind' | 'text' | 'act' | 'tactic' | 'lang'>;

export interface StateOptions {
  /** the zone the dealer's clock times are meant in (default Europe/Brussels) */
  timeZone?: string;
  /** the operator's places, every language form: how we recognise the place we named */
  places?: readonly string[];
  /** the reader to use (default readMessage); a caching one must return what readMessage would */
  read?: (text: string, lang?: Lang) => Reading;
}

/** how long after a no-show his "laat maar" or "2 keer" is still about it */
const NO_SHOW_ECHO_MS = 2 * 3_600_000;

export function initialDialogueState(nowMs = 0): DialogueState {
  return {
    v: DIALOGUE_STATE_VERSION,
    lang: null,
    recentLangs: [],
    offer: emptyOffer(),
    wanted: { product: null, qty: null, unit: null },
    meeting: emptyMeeting(),
    pending: [],
    heard: [],
    lastAsked: [],
    lastProducts: [],
    noShows: 0,
    noShowUnexcused: false,
    noShowsExcused: 0,
    lastNoShowMs: null,
    story: emptyStory(),
    lastInMs: null,
    lastOutMs: null,
    nowMs,
  };
}

/** The state after one more event (a new object; the old one is left as it was). */
export function foldEvent(s: DialogueState, e: StateEvent, o: StateOptions = {}): DialogueState {
  const tz = o.timeZone ?? DEFAULT_TIME_ZONE;
  const t = Number.isFinite(e.tMs) ? e.tMs : s.nowMs;
  let next: DialogueState = passTime(s, t);
  const text = typeof e.text === 'string' ? e.text : '';
  if (e.direction === 'in') {
    if (e.kind !== 'sms' && e.kind !== 'mms') return { ...next, lastInMs: t };
    const r = (o.read ?? readMessage)(text, e.lang);
    // a promo's opening hours ("levering van 14u tot 02u") and delivery area are no meeting; once
    // we have written, his message is to us whatever its act ("new ppl only pickup. Park Spoor
    // Noord 5pm" and "grab some MD too, 2g for 70" read as promo, and the reply passed them by)
    const promo = next.lastInMs === null || (e.act === 'promo' && next.lastOutMs === null);
    let meeting = promo ? next.meeting : dealerMeeting(next.meeting, r, text, e.act, t, tz);
    const listed = promo ? null : ourPlace(text, o.places, r.places);
    if (listed !== null) meeting = { ...meeting, listPlace: listed };
    // a message with words in it votes for its language ("🔥🔥" and "??" do not)
    const readable = /\p{L}{3}/u.test(text);
    const asked = questionsOf(r, text, next.lastAsked);
    const recentLangs = readable ? [...next.recentLangs, r.lang].slice(-LANG_WINDOW) : next.recentLangs;
    const offer = addToOffer(next.offer, r, t);
    const heard: Heard[] = promo ? [] : [
      ...(offer.prices.some((p) => p.tMs === t) ? (['price'] as const) : []),
      ...(dealerTime(next.meeting, r, foldText(text), t, tz) !== null ? (['time'] as const) : []),
      ...(r.placeSpans.length ? (['place'] as const) : []),
    ];
    next = {
      ...next,
      recentLangs,
      lang: majority(recentLangs) ?? next.lang,
      offer,
      meeting: { ...meeting, phase: meetingPhase(meeting, t) },
      pending: addPending(next.pending, asked),
      heard: [...next.heard.filter((h) => !heard.includes(h)), ...heard],
      // a statement keeps the question before it ("cops gotta tell u" … "so r u?"); news about the meeting ends it
      lastAsked: asked.length ? asked : meetingNews(next.meeting, meeting) ? [] : next.lastAsked,
      lastProducts: r.products.length ? [...r.products] : next.lastProducts,
      lastInMs: t,
    };
    // for a while after a no-show his giving-up words are about it, whatever we proposed since
    const recent = next.lastNoShowMs !== null && t - next.lastNoShowMs <= NO_SHOW_ECHO_MS;
    if (isNoShowComplaint(text, next.meeting.proposed || next.meeting.dealerThere, next.meeting.dealerThere || next.meeting.missed || recent)) {
      // with the next meeting still ahead ("gisteren 25 min gewacht", "ok nog 1 kans, vandaag 19u")
      // he speaks of one already counted, and the meeting ahead is not missed
      const ahead = next.meeting.phase === 'ahead' && next.noShows > 0;
      const counted = next.meeting.missed || recent || ahead;
      next = {
        ...next,
        noShows: next.noShows + (counted ? 0 : 1),
        noShowUnexcused: true,
        lastNoShowMs: counted ? next.lastNoShowMs : t,
        meeting: ahead ? next.meeting : { ...next.meeting, agreed: false, dealerThere: false, missed: true },
      };
    }
    return next;
  }
  if (e.kind !== 'sms' && e.kind !== 'mms') return next; // a `wait` answers nothing
  const r = (o.read ?? readMessage)(text, next.lang ?? e.lang);
  const place = ourPlace(text, o.places);
  const timeMs = resolveTime(r, t, tz);
  // calling the meeting off while he stands there: he went in vain, a no-show this message excuses
  if ((e.tactic === 'reschedule' || e.tactic === 'propose_meeting') && next.meeting.dealerThere && !next.meeting.missed)
    next = { ...next, noShows: next.noShows + 1, noShowUnexcused: true, lastNoShowMs: t };
  const meeting = ourMeeting(next.meeting, e.tactic, place, timeMs);
  const wanted = { ...next.wanted };
  if (r.products.length) wanted.product = r.products[0]!;
  const q = r.quantities[0] ?? r.prices.find((p) => p.qty !== null);
  if (q && q.qty !== null && q.qty > 0 && q.qty <= 1000) {
    wanted.qty = q.qty;
    wanted.unit = q.unit;
  }
  return {
    ...next,
    wanted,
    meeting: { ...meeting, phase: meetingPhase(meeting, t) },
    pending: [],
    heard: [],
    noShowUnexcused: false,
    noShowsExcused: next.noShowUnexcused ? next.noShows : next.noShowsExcused,
    story: tellStory(next.story, text, e.tactic, next.noShowUnexcused),
    lastOutMs: t,
  };
}

/** The state at a later instant without new events (e.g. when a reply will be sent). */
export function atTime(s: DialogueState, nowMs: number): DialogueState {
  return passTime(s, Math.max(nowMs, s.nowMs));
}

/** Where the meeting window stands at `nowMs`: a window that closed on an agreed meeting is a no-show. */
function passTime(s: DialogueState, nowMs: number): DialogueState {
  const phase = meetingPhase(s.meeting, nowMs);
  if (phase === 'past' && !s.meeting.missed && (s.meeting.agreed || s.meeting.dealerThere) && s.meeting.timeMs !== null && nowMs > s.meeting.timeMs + WINDOW_AFTER_MS)
    return { ...s, nowMs, noShows: s.noShows + 1, noShowUnexcused: true, lastNoShowMs: nowMs, meeting: { ...s.meeting, agreed: false, dealerThere: false, missed: true, phase } };
  return { ...s, nowMs, meeting: { ...s.meeting, phase } };
}

function meetingNews(a: DialogueState['meeting'], b: DialogueState['meeting']): boolean {
  return a.timeMs !== b.timeMs || a.dealerPlace !== b.dealerPlace || a.dealerThere !== b.dealerThere || a.agreed !== b.agreed;
}

// his last five readable messages vote: a short line of loan words ("liever cash eh": "cash" is
// an English spelling cue) in a Flemish conversation does not switch the reply to English; a
// dealer who really switches is followed after three messages
const LANG_WINDOW = 5;

function majority(langs: readonly DialogueState['recentLangs'][number][]): DialogueState['lang'] {
  if (!langs.length) return null;
  const count = (l: string) => langs.filter((x) => x === l).length;
  const last = langs[langs.length - 1]!;
  return langs.reduce((best, l) => (count(l) > count(best) ? l : best), last);
}

/** The operator place a text names: the whole entry, or (for the dealer's spans) its name ("Meir"). */
function ourPlace(text: string, places: readonly string[] | undefined, spans: readonly string[] = []): string | null {
  if (!places?.length) return null;
  const f = foldText(text);
  for (const p of places) if (f.includes(foldText(p))) return p;
  for (const span of spans) {
    const s = foldText(span).trim();
    if (s.length < 3) continue;
    for (const p of places) if (foldText(p).endsWith(' ' + s) || foldText(p) === s) return p;
  }
  return null;
}

/** The state of a whole conversation at `nowMs` (events in time order). */
export function buildDialogueState(events: readonly StateEvent[], nowMs: number, o: StateOptions = {}): DialogueState {
  let s = initialDialogueState(events[0]?.tMs ?? nowMs);
  for (const e of events) s = foldEvent(s, e, o);
  return passTime(s, Math.max(nowMs, s.nowMs));
}
