// Why the bot is silent in a conversation, now: exactly one reason, read from the number's state,
// the conversation's outbox rows (replies and the decision schedule's timers) and its events. A
// pure function, so `status`, `export` and the tests read the same answer from the same rows.
// The rules are tried in this order; the first that holds is the reason (runtime/README.md,
// "Why the bot is silent"; the same words as transcript v1.4 `silence`, core/transcript.ts):
//
//   not_a_promo  the number is `ignored`: its first message was no clear promo and it is not on
//                the allow list (hard rule 1), or the sender is no phone number
//   stopped      the number opted out, or a gateway said it can never be reached (hard rule 2)
//   escalated    a threat or a sign of a minor: stopped, and the operator was alerted
//   denied       the number is on the deny list
//   deciding     a message of his is accepted and not yet decided on (a moment, or decisions
//                failing: /health says so); also a number not judged yet
//   review       a reply waits for the operator's yes/no (`dealerbot review`)
//   waiting      a reply (`sms`) or a timer (`settle`, `follow_up`, `decide`) is scheduled, or a
//                reply is being sent: `kind` and when it is due (the earliest, if several). With
//                the kill switch on, replies stay here, past their due time, until it is off
//   capped       nothing is scheduled and his last message (sms/mms) is followed by
//                `maxUnanswered` (3) or more of ours: the bot stopped following up and waits for
//                him. Only messages count here; a call of his is his turn (the engine decides
//                after it, calls.ts), so after a call the rows show `waiting` first
//   answering    nothing is scheduled and the last message is his: the bot owes him an answer
//                it will not give by itself. `lastReply` says what became of the reply decided
//                last (rejected by the operator, blocked by the filter, failed or unknown at the
//                gateway); null when there was none (the number was put on the deny list while
//                engaged) or it was sent before his message. Rare; worth a look
//   stalled      nothing is scheduled and the last message is ours, with fewer than
//                `maxUnanswered` unanswered: the follow-up was not scheduled or its reply did not
//                go out (`lastReply`, as for answering). Rare; worth a look
//
// Only the number states stopped and escalated are for good. The reason is of now: an earlier
// conversation of a number that wrote again after the gap keeps the reason its own rows end on.
import { DEFAULT_SCHEDULE, type DecisionSchedule } from '../../core/schedule.js';
import { SILENCES, type Silence } from '../../core/transcript.js';
import { OUTBOX_KINDS, type ConversationRow, type EventRow, type NumberState, type OutboxKind, type OutboxRow, type OutboxState } from '../store/rows.js';
import type { Store } from '../store/store.js';

export type SilenceReason =
  | { reason: 'not_a_promo' | 'stopped' | 'escalated' | 'denied' | 'deciding' }
  | { reason: 'review'; outbox: number; dueMs: number }
  | { reason: 'waiting'; kind: OutboxKind; state: 'scheduled' | 'sending'; outbox: number; dueMs: number }
  | { reason: 'capped'; unanswered: number }
  | { reason: 'answering'; lastReply: OutboxState | null }
  | { reason: 'stalled'; unanswered: number; lastReply: OutboxState | null };

/** What the reason is read from: one conversation's rows and its number's state. */
export interface ConversationLog {
  /** undefined: the engine has not judged the number yet (its first message is undecided) */
  numberState: NumberState | undefined;
  outbox: readonly Pick<OutboxRow, 'id' | 'kind' | 'state' | 'due_ms'>[];
  /** in time order, as the store gives them */
  events: readonly Pick<EventRow, 'direction' | 'kind' | 'processed'>[];
}

const FOR_STATE: Partial<Record<NumberState, Silence>> = { ignored: 'not_a_promo', stopped: 'stopped', escalated: 'escalated', denied: 'denied' };

const isMessage = (e: Pick<EventRow, 'kind'>) => e.kind === 'sms' || e.kind === 'mms';

export function silenceReason(log: ConversationLog, schedule: Pick<DecisionSchedule, 'maxUnanswered'> = DEFAULT_SCHEDULE): SilenceReason {
  const byState = log.numberState && FOR_STATE[log.numberState];
  if (byState) return { reason: byState } as SilenceReason;
  if (log.numberState === undefined || log.events.some((e) => !e.processed)) return { reason: 'deciding' };
  const review = log.outbox.find((r) => r.state === 'review');
  if (review) return { reason: 'review', outbox: review.id, dueMs: review.due_ms };
  let next: ConversationLog['outbox'][number] | undefined;
  for (const r of log.outbox)
    if ((r.state === 'scheduled' || r.state === 'sending') && (!next || r.due_ms < next.due_ms)) next = r;
  if (next) return { reason: 'waiting', kind: next.kind, state: next.state as 'scheduled' | 'sending', outbox: next.id, dueMs: next.due_ms };
  const unanswered = oursSinceHis(log.events);
  if (unanswered >= schedule.maxUnanswered) return { reason: 'capped', unanswered };
  const lastReply = lastReplyNotSent(log.outbox);
  return unanswered === 0 ? { reason: 'answering', lastReply } : { reason: 'stalled', unanswered, lastReply };
}

/** Our messages after his last message (calls, meetings and go_silent waits are none). */
function oursSinceHis(events: ConversationLog['events']): number {
  let n = 0;
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (!isMessage(e)) continue;
    if (e.direction === 'in') break;
    n++;
  }
  return n;
}

/** The state of the conversation's last reply row, unless it was sent. */
function lastReplyNotSent(outbox: ConversationLog['outbox']): OutboxState | null {
  let last: ConversationLog['outbox'][number] | undefined;
  for (const r of outbox) if (r.kind === 'sms' && (!last || r.id > last.id)) last = r;
  return last && last.state !== 'sent' ? last.state : null;
}

/** The reason of one stored conversation (`events`: when the caller has read them already). */
export function conversationSilence(store: Store, conv: ConversationRow, events: readonly EventRow[] = store.events(conv.id)): SilenceReason {
  return silenceReason({ numberState: store.numberState(conv.number), outbox: store.outboxOf(conv.id), events });
}

/** How many conversations are silent for each reason (every reason present, zero or not). */
export type SilenceCounts = Record<Silence, number>;
/** Of the `waiting` ones, how many wait for each kind of row. */
export type WaitingCounts = Record<OutboxKind, number>;

export function countSilences(reasons: Iterable<SilenceReason>): { silence: SilenceCounts; waiting: WaitingCounts } {
  const silence = Object.fromEntries(SILENCES.map((s) => [s, 0])) as SilenceCounts;
  const waiting = Object.fromEntries(OUTBOX_KINDS.map((k) => [k, 0])) as WaitingCounts;
  for (const r of reasons) {
    silence[r.reason]++;
    if (r.reason === 'waiting') waiting[r.kind]++;
  }
  return { silence, waiting };
}
