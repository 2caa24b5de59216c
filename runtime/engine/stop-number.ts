// A gateway said a number can never be reached (Twilio 21610 unsubscribed, 21211 invalid, 30006
// landline…): the number is stopped for good, exactly as an opt-out stops it (hard rule 2, the
// state judgeInbound and judgeSend read), so no later dealer message triggers another doomed
// send. One alert, the first time: a number already stopped (or escalated, denied) stays as it
// is and nothing more is said.
import type { Store } from '../store/store.js';

export function stopNumberForGood(store: Store, number: string, conversation: number | null, now: number, reason: string): boolean {
  return store.tx(() => {
    const prev = store.numberState(number);
    store.cancelPendingForNumber(number);
    if (prev === 'stopped' || prev === 'escalated' || prev === 'denied') return false;
    store.setNumberState(number, 'stopped', `gateway: ${reason}`, now);
    store.audit(now, 'dispatcher', 'number:stopped', { conversation, reason });
    store.alert(now, 'stopped', `the gateway says this number cannot be reached (${reason}): no more messages will be sent to it`, number, conversation);
    return true;
  });
}
