// The dialogue state of a conversation for one decision (dialogue/state/), rebuilt from the
// stored events and the clock, so a restarted runtime sees what it saw before; the facts the
// renderer reads from it; the persona seed per conversation; quiet hours on a reply's due time.
import { createHmac } from 'node:crypto';
import type { PlaceInput } from '../../catalogue/persona.js';
import { bothLanguages } from '../../catalogue/persona.js';
import type { ReplyFacts } from '../../catalogue/reply-facts.js';
import { atTime, buildDialogueState, type StateEvent, type StateOptions } from '../../dialogue/state/fold.js';
import type { DialogueState } from '../../dialogue/state/types.js';
import { localTime } from '../../dialogue/state/local-time.js';
import { DEFAULT_QUIET_HOURS, quietHoursDue, type QuietDecision } from '../../dialogue/state/quiet-hours.js';
import type { EventRow } from '../store/rows.js';
import type { Lang } from '../../core/lang.js';
import { readMessage } from '../../dialogue/reader/read.js';
import type { Reading } from '../../dialogue/reader/types.js';

/** Readings of recent texts: the state is rebuilt from every event at each decision (pure), the reader is not run again on each. */
const READ_CACHE_SIZE = 20_000;
const readCache = new Map<string, Reading>();
export function cachedRead(text: string, lang?: Lang): Reading {
  const k = `${lang ?? '?'}\u0000${text}`;
  let r = readCache.get(k);
  if (r) return r;
  r = readMessage(text, lang);
  readCache.set(k, r);
  if (readCache.size > READ_CACHE_SIZE) readCache.delete(readCache.keys().next().value!);
  return r;
}

export interface DialogueContext {
  state: DialogueState;
  facts: ReplyFacts;
}

/** Every language form of the operator's places (how the state recognises the place we named). */
export function placeForms(places: readonly PlaceInput[]): string[] {
  return places.flatMap((p) => {
    const l = typeof p === 'string' ? bothLanguages(p) : p;
    return [l.nl, l.en];
  });
}

/** A stored event as the dialogue state reads it. */
export function stateEvent(e: EventRow): StateEvent {
  return {
    tMs: e.ts_ms,
    direction: e.direction,
    kind: e.kind,
    text: e.text,
    ...(e.act ? { act: e.act } : {}),
    ...(e.tactic ? { tactic: e.tactic } : {}),
    ...(e.lang ? { lang: e.lang } : {}),
  };
}

/** Whether two events read alike: every field of a StateEvent is the same. */
export function sameStateEvent(a: StateEvent, b: StateEvent): boolean {
  return a.tMs === b.tMs && a.direction === b.direction && a.kind === b.kind && a.text === b.text && a.act === b.act && a.tactic === b.tactic && a.lang === b.lang;
}

/** How the runtime builds the state: the deployment's zone and places, readings cached by text. */
export function stateOptions(places: readonly PlaceInput[], timeZone: string): StateOptions {
  return { timeZone, places: placeForms(places), read: cachedRead };
}

/** The state rebuilt from every event (the engine keeps it per conversation: DialogueStateCache). */
export function dialogueContext(rows: readonly EventRow[], nowMs: number, places: readonly PlaceInput[], timeZone: string): DialogueContext {
  return contextOf(buildDialogueState(rows.map(stateEvent), nowMs, stateOptions(places, timeZone)), timeZone);
}

/** A state with the facts the renderer reads from it. */
export function contextOf(state: DialogueState, timeZone: string): DialogueContext {
  return { state, facts: replyFacts(state, timeZone) };
}

/** The facts at the instant the reply will be sent (a time named must still be ahead then). */
export function factsAt(ctx: Pick<DialogueContext, 'state'>, sendMs: number, timeZone: string): ReplyFacts {
  return replyFacts(atTime(ctx.state, sendMs), timeZone);
}

/** The state as the renderer reads it: with the local clock of now and of the meeting. */
export function replyFacts(state: DialogueState, timeZone: string): ReplyFacts {
  const now = localTime(state.nowMs, timeZone);
  const dayIndex = (t: { year: number; month: number; day: number }) => Math.round(Date.UTC(t.year, t.month - 1, t.day) / 86_400_000);
  let meetingLocal: ReplyFacts['meetingLocal'] = null;
  if (state.meeting.timeMs !== null) {
    const m = localTime(state.meeting.timeMs, timeZone);
    meetingLocal = { minutes: m.hour * 60 + m.minute, day: dayIndex(m) - dayIndex(now) };
    // after midnight the coming evening is "morgen" / "tomorrow", as people say it
    if (now.hour < 6 && meetingLocal.day === 0 && m.hour >= 10) meetingLocal.day = 1;
  }
  return { ...state, nowLocal: { minutes: now.hour * 60 + now.minute, day: 0 }, meetingLocal };
}

/** The seed of a conversation's persona: HMAC of the deployment's secret and the conversation id. */
export function personaSeed(secret: string, conversation: number): string {
  return createHmac('sha256', secret).update(`persona:${conversation}`).digest('hex').slice(0, 32);
}

/** Quiet hours on a reply due at `dueMs`; `draw` is asked only when the reply is held. */
export function quietDue(dueMs: number, lastInMs: number | null, timeZone: string, draw: () => number): QuietDecision {
  const q = { ...DEFAULT_QUIET_HOURS, timeZone };
  const first = quietHoursDue(dueMs, lastInMs, 0, q);
  return first.hold ? quietHoursDue(dueMs, lastInMs, draw(), q) : first;
}
