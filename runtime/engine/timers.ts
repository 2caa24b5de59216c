// The decision schedule's timers as the store keeps them (outbox rows of a kind other than
// `sms`), and the count the follow-up cap reads.
import type { EventRow, OutboxKind } from '../store/rows.js';

/** Kinds that are a decision to take at due_ms, not a message to send. */
export function isTimer(kind: OutboxKind): boolean {
  return kind !== 'sms';
}

/** How many of our messages in a row, at the end of the conversation, he has not answered. */
export function unansweredRun(rows: readonly Pick<EventRow, 'direction' | 'kind'>[]): number {
  let n = 0;
  for (let i = rows.length - 1; i >= 0; i--) {
    const e = rows[i]!;
    if (e.direction === 'in' && e.kind !== 'meeting') return n;
    if (e.direction === 'out' && (e.kind === 'sms' || e.kind === 'mms')) n++;
  }
  return n;
}
