// Meetings the dealer went to, in imported logs: the runtime's rule (dialogue/state/attended.ts)
// applied to each imported conversation, so off-policy evaluation on old logs counts the 20
// dealer-minutes of a meeting as it does on the runtime's own. A meeting the log already holds
// (an export, a simulator log) is not added again. Most conversations hold no message that could
// show a meeting (the rule's cheap pre-check) and are never folded.
import { MEETING_RULE_SOURCE, mayShowMeetingText, missingMeetings } from '../../dialogue/state/attended.js';
import type { StateEvent } from '../../dialogue/state/fold.js';
import type { PendingEvent } from '../event-store.js';
import { type SegmentedStore, segmentStore } from '../segment.js';

/** The segmented import with the missing meeting events added (segmented again only if any were). */
export function addInferredMeetings(seg: SegmentedStore, gapDays: number, timeZone: string): { seg: SegmentedStore; inferred: number } {
  const s = seg.store;
  const found: PendingEvent[] = [];
  const stateEvent = (row: number): StateEvent => {
    const full = s.full.get(row);
    const e: StateEvent = { tMs: s.t[row]!, direction: s.direction(row), kind: s.kind(row), text: s.text[row]! };
    if (full?.act) e.act = full.act;
    if (full?.tactic) e.tactic = full.tactic;
    if (full?.lang) e.lang = full.lang;
    return e;
  };
  for (let start = 0; start < seg.length; ) {
    let end = start + 1;
    while (end < seg.length && seg.conversationOf[end] === seg.conversationOf[start]) end++;
    // the rule counts meetings only in a conversation we wrote in: one without a message of ours
    // (most of a phone backup: one-way promos) is left out before any text is read
    let spoke = false;
    for (let i = start; i < end && !spoke; i++) {
      const row = seg.rows[i]!;
      spoke = s.direction(row) === 'out' && (s.kind(row) === 'sms' || s.kind(row) === 'mms');
    }
    let candidate = false;
    for (let i = start; i < end && spoke && !candidate; i++) {
      const row = seg.rows[i]!;
      if (s.direction(row) === 'in' && (s.kind(row) === 'sms' || s.kind(row) === 'mms'))
        candidate = s.full.get(row)?.act === 'where_are_you' || mayShowMeetingText(s.text[row]!);
    }
    if (candidate) {
      const rows = Array.from(seg.rows.subarray(start, end));
      const conversation = seg.conversationIds[seg.conversationOf[start]!]!;
      for (const m of missingMeetings(rows.map(stateEvent), { timeZone })) {
        const row = rows[m.index]!;
        found.push({ conversation, counterpart: s.counterparts[s.cp[row]!]!, t: m.tMs, direction: 'in', kind: 'meeting', text: '', source: MEETING_RULE_SOURCE });
      }
    }
    start = end;
  }
  if (!found.length) return { seg, inferred: 0 };
  for (const p of found) s.addPending(p);
  return { seg: segmentStore(s, gapDays), inferred: found.length };
}
