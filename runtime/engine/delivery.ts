// Delivery reports (Twilio's StatusCallback, android-sms-gateway's sms:sent / sms:delivered /
// sms:failed) recorded on the reply they name. Reports arrive late, twice, or out of order (a
// retried webhook; "delivered" before "sent"), so a state only ever moves forward:
// accepted < queued < sent < a final one (delivered, undelivered, failed), and the first final
// state stays. A report whose error says the recipient can never be reached stops the number
// (with its own alert); any other undelivered or failed reply raises one `undelivered` alert, so
// the operator sees replies that did not arrive (a SIM out of credit, a carrier filter) instead
// of a conversation that only seems to have gone quiet.
import type { Clock } from './clock.js';
import type { DeliveryState } from '../store/rows.js';
import type { Store } from '../store/store.js';
import { stopNumberForGood } from './stop-number.js';

const RANK: Record<DeliveryState, number> = { accepted: 0, queued: 1, sent: 2, delivered: 3, undelivered: 3, failed: 3 };

export interface DeliveryReport {
  /** our send id (android) or the gateway's message id (Twilio's sid) */
  ref: string;
  state: DeliveryState;
  /** the gateway's error code or reason */
  error?: string | null;
  /** set when the error means the recipient can never be reached */
  stopReason?: string | null;
}

export type DeliveryOutcome = 'recorded' | 'stale' | 'unknown-reply';

export function recordDelivery(store: Store, clock: Pick<Clock, 'now'>, r: DeliveryReport): DeliveryOutcome {
  return store.tx(() => {
    const row = store.outboxByGatewayRef(r.ref);
    if (!row) return 'unknown-reply';
    const now = clock.now();
    if (r.stopReason) stopNumberForGood(store, row.number, row.conversation, now, r.stopReason);
    if (row.delivery !== null && RANK[r.state] <= RANK[row.delivery]) return 'stale';
    store.setDelivery(row.id, r.state, now, r.error ?? null);
    if ((r.state === 'undelivered' || r.state === 'failed') && !r.stopReason)
      store.alert(now, 'undelivered', `reply #${row.id} ${r.state}${r.error ? ` (${r.error})` : ''}: the dealer did not get it`, row.number, row.conversation);
    return 'recorded';
  });
}
