// Meetings the dealer went to, logged as they show: after each inbound message is classified,
// the one rule of dialogue/state/attended.ts runs over its conversation and every meeting it finds
// without a `meeting` event gets one (direction in, kind meeting, at the instant of the message
// that showed it), in the same transaction as the classification. So the runtime's log, `export`
// and off-policy evaluation on it count meetings as the simulator does, and as `data import`
// counts them in old logs. Called from Engine.process in one place.
import { MEETING_RULE_SOURCE, mayShowMeeting, missingMeetings } from '../../dialogue/state/attended.js';
import type { EngineConfig } from './engine.js';
import { cachedRead, placeForms, stateEvent } from './dialogue.js';
import { DEFAULT_TIME_ZONE } from '../../dialogue/state/local-time.js';
import type { Store } from '../store/store.js';

/** Logs the meetings that inbound event `eventId` (already classified) shows; returns how many. */
export function logMeetings(store: Store, eventId: number, config: Pick<EngineConfig, 'places' | 'timeZone'>): number {
  const ev = store.event(eventId);
  if (!ev || ev.direction !== 'in' || !mayShowMeeting(stateEvent(ev))) return 0;
  // messages accepted after this one and not classified yet are judged when their turn comes
  const rows = store.events(ev.conversation).filter((e) => e.direction === 'out' || e.processed || e.id === ev.id);
  const found = missingMeetings(rows.map(stateEvent), {
    timeZone: config.timeZone ?? DEFAULT_TIME_ZONE,
    places: placeForms(config.places),
    read: cachedRead,
  });
  for (const m of found)
    store.addEvent({ conversation: ev.conversation, ts_ms: m.tMs, direction: 'in', kind: 'meeting', text: '', source: MEETING_RULE_SOURCE, processed: true });
  return found.length;
}
