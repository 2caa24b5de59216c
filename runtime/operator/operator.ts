// Operator controls on the store, shared by the CLI and the tests: the review queue
// (approve / edit / reject), the kill switch and `status` (with why the bot is silent in each
// conversation, silence-reason.ts). Every change is audited.
import { InputError } from '../../lib/errors.js';
import { redactDeep, redactNumbers } from '../../lib/redact.js';
import { outboundViolation } from '../engine/outbound-filter.js';
import type { AlertRow, NumberState, OutboxState } from '../store/rows.js';
import type { Store } from '../store/store.js';
import { serveHealthView, type ServeHealthView } from '../serve/health.js';
import { conversationSilence, countSilences, type SilenceCounts, type WaitingCounts } from './silence-reason.js';

export interface ReviewItem {
  id: number;
  conversation: number;
  to: string;
  tactic: string | null;
  text: string;
  due: string;
  /** what the dealer last wrote, for context */
  last_in: string | null;
}

/** Shows only the end of a number: enough to tell conversations apart on a shared screen. */
export function maskNumber(n: string): string {
  return n.length > 4 ? `…${n.slice(-4)}` : n;
}

export function reviewQueue(store: Store, limit = 50): ReviewItem[] {
  return store.outboxInState('review', limit).map((r) => {
    const lastIn = store
      .events(r.conversation)
      .filter((e) => e.direction === 'in')
      .at(-1);
    return {
      id: r.id,
      conversation: r.conversation,
      to: maskNumber(r.number),
      tactic: r.tactic,
      text: r.text,
      due: new Date(r.due_ms).toISOString(),
      // what the dealer wrote may hold numbers; the reply is shown as it will be sent
      last_in: lastIn ? redactNumbers(lastIn.text) : null,
    };
  });
}

function pending(store: Store, id: number, where: string) {
  const row = store.outbox(id);
  if (!row) throw new InputError(where, undefined, `no queued message #${id}`, 'E_REVIEW');
  if (row.state !== 'review')
    throw new InputError(where, undefined, `message #${id} is "${row.state}", not waiting for review`, 'E_REVIEW');
  return row;
}

export function approve(store: Store, id: number, now: number, actor = 'operator'): void {
  store.tx(() => {
    pending(store, id, 'review');
    store.setOutboxState(id, 'scheduled');
    store.audit(now, actor, 'review:approve', { id });
  });
}

export function reject(store: Store, id: number, now: number, actor = 'operator'): void {
  store.tx(() => {
    pending(store, id, 'review');
    store.setOutboxState(id, 'rejected');
    store.audit(now, actor, 'review:reject', { id });
  });
}

/** Replaces the text (which must pass the outbound filter) and approves it. */
export function editAndApprove(store: Store, id: number, text: string, now: number, actor = 'operator'): void {
  const violation = outboundViolation(text);
  if (violation) throw new InputError('review', undefined, `edited text ${violation}; not saved`, 'E_REVIEW');
  store.tx(() => {
    const row = pending(store, id, 'review');
    store.editText(id, text);
    store.setOutboxState(id, 'scheduled');
    store.audit(now, actor, 'review:edit', { id, before: row.text, after: text });
  });
}

export function setKillSwitch(store: Store, on: boolean, now: number, actor = 'operator'): void {
  store.tx(() => {
    store.setKillSwitch(on);
    store.audit(now, actor, on ? 'kill:on' : 'kill:off');
  });
}

export interface Status {
  /** serve's health as it last reported it (the reasons /health gives), or why it is silent */
  health: ServeHealthView;
  kill: boolean;
  conversations_active_24h: number;
  numbers: Partial<Record<NumberState, number>>;
  queue: Partial<Record<OutboxState, number>>;
  sent_24h: number;
  /** dealer calls logged (with the seconds the gateways reported) and meetings he went to, all time */
  calls: { count: number; seconds: number };
  meetings: number;
  /** why the bot is silent, conversations per reason (silence-reason.ts), and of the waiting ones, per row kind */
  silence: SilenceCounts;
  waiting: WaitingCounts;
  last_errors: { id: number; error: string }[];
  alerts: (Omit<AlertRow, 'number' | 'ts_ms'> & { ts: string; number: string | null })[];
}

export function status(store: Store, now: number): Status {
  return {
    // the reasons name error codes, not messages; redacted all the same, like /health
    health: redactDeep(serveHealthView(store.serveHealth(), now)),
    kill: store.killSwitch(),
    conversations_active_24h: store.conversationsActiveSince(now - 86_400_000),
    numbers: store.numberStateCounts(),
    queue: store.queueCounts(),
    sent_24h: store.sentCount(now - 86_400_000),
    ...callsAndMeetings(store),
    ...countSilences(store.conversations().map((c) => conversationSilence(store, c))),
    // gateway errors and alerts quote numbers: they leave the store redacted
    last_errors: store.lastErrors(5).map((e) => ({ ...e, error: redactNumbers(e.error) })),
    alerts: store
      .alerts(10)
      .map(({ ts_ms, number, message, ...a }) => ({ ...a, message: redactNumbers(message), ts: new Date(ts_ms).toISOString(), number: number && maskNumber(number) })),
  };
}

function callsAndMeetings(store: Store): Pick<Status, 'calls' | 'meetings'> {
  const c = store.callAndMeetingCounts();
  return { calls: { count: c.calls, seconds: c.callSeconds }, meetings: c.meetings };
}
