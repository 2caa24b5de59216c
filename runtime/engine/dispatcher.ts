// Sends due outbox rows exactly once: scheduled → sending (committed) → gateway → sent + the
// `out` event (one transaction). After a crash, rows left in "sending" are reconciled with the
// gateway (recover): found → sent, not found → scheduled again, cannot tell → "unknown" and an
// operator alert (never blindly resent: a doubled message is a tell that we are a bot).
// The kill switch, stops, denials and caps are checked just before every send.
//
// A send that may have reached the gateway without an answer (a timeout, a 5xx) is retried
// only in a way that cannot double it: a gateway that dedupes by our send id (android) just
// gets it again (and answers 409: already there); one that cannot (Twilio) is asked first,
// at the next attempt, whether it has the message (check_first), and only an answer "absent"
// sends again. A refusal that says the recipient can never be reached stops the number for good.
//
// Failures back off: a failed send is retried after base·2^attempts (jittered, capped), and a
// round that fails as a whole (the database is full, busy or damaged) makes the next round
// wait a bounded, jittered, growing time instead of trying again at once; after such a round a
// row a failure left in "sending" is reconciled with the gateway as after a crash. The
// failure counts feed /health.
import { Backoff, backoffDelay, type BackoffOptions } from '../../lib/backoff.js';
import { Rng } from '../../lib/random.js';
import type { Clock } from './clock.js';
import { errorCode } from './error-code.js';
import type { RuntimeConfig } from '../config.js';
import type { Engine } from './engine.js';
import { isTimer } from './timers.js';
import { outboundViolation } from './outbound-filter.js';
import { judgeSend, type SafetyLists } from './safety.js';
import { SendError, type OutboundMessage, type Sender, type SendResult } from '../gateways/sender.js';
import type { ConversationRow, OutboxRow } from '../store/rows.js';
import { recordDelivery } from './delivery.js';
import { stopNumberForGood } from './stop-number.js';
import type { Store } from '../store/store.js';

const DAY = 86_400_000;
const MAX_ATTEMPTS = 5;
/** a failed send waits 1, 2, 4, 8 minutes (clock time, less up to half by jitter), never more than 30 */
const SEND_RETRY: BackoffOptions = { baseMs: 60_000, maxMs: 30 * 60_000 };
/** replies on their way to the gateway at once (config `sendConcurrency`) */
export const DEFAULT_SEND_CONCURRENCY = 8;

/** What the dispatcher tells /health. */
export interface DispatcherHealth {
  /** sends in a row the gateway refused or did not answer (0: the last one went out) */
  sendFailures: number;
  lastSendError: string | null;
  /** rounds in a row that failed as a whole (0: the last round went through) */
  roundFailures: number;
  lastRoundError: string | null;
}

export interface DispatcherOptions {
  store: Store;
  sender: Sender;
  clock: Clock;
  engine: Engine;
  config: Pick<RuntimeConfig, 'caps'>;
  /** the deny list is checked again before every send (safetyLists, the engine's object) */
  lists: Pick<SafetyLists, 'deny'>;
  /** how often (clock ms) to look for rows approved by `dealerbot review` in another process */
  pollMs?: number;
  /** jitter of every retry */
  rng?: Rng;
  /** replies on their way to the gateway at once (default DEFAULT_SEND_CONCURRENCY; 1: one by one) */
  sendConcurrency?: number;
  /** waits after a failed round, clock ms (default: pollMs doubling to 120 × pollMs) */
  roundBackoff?: BackoffOptions;
  log?: (line: string) => void;
}

export class Dispatcher {
  private readonly o: DispatcherOptions;
  private timer: (() => void) | null = null;
  private running: Promise<void> | null = null;
  private rerun = false;
  private stopped = true;
  private halting = false;
  private readonly rng: Rng;
  private readonly rounds: Backoff;
  /** no round starts before this clock time (set by a failed round) */
  private notBefore = -Infinity;
  /** a failed round may have left a row in "sending": reconcile before the next one */
  private reconcileFirst = false;
  private sendFailures = 0;
  private lastSendError: string | null = null;
  private lastRoundError: string | null = null;
  lastError: string | null = null;

  constructor(o: DispatcherOptions) {
    this.o = o;
    this.rng = o.rng ?? new Rng(1);
    const poll = o.pollMs ?? 1000;
    this.rounds = new Backoff(o.roundBackoff ?? { baseMs: poll, maxMs: 120 * poll }, this.rng);
  }

  health(): DispatcherHealth {
    return { sendFailures: this.sendFailures, lastSendError: this.lastSendError, roundFailures: this.rounds.failures, lastRoundError: this.lastRoundError };
  }

  /** Resolves rows a crash left in "sending". Call once at start, before `start()`. */
  async recover(): Promise<{ sent: number; resent: number; unknown: number }> {
    const { store, sender, clock } = this.o;
    const out = { sent: 0, resent: 0, unknown: 0 };
    for (const row of store.outboxInState('sending')) {
      const verdict = await sender.reconcile(toMessage(row, store.conversation(row.conversation)));
      if (verdict === 'sent' || typeof verdict === 'object') {
        this.complete(row, clock.now(), typeof verdict === 'object' ? verdict.found : { gatewayId: row.send_id });
        out.sent++;
      } else if (verdict === 'not-sent') {
        store.retryLater(row.id, clock.now(), 'not at the gateway after a restart; resending');
        out.resent++;
      } else {
        store.tx(() => {
          store.finish(row.id, 'unknown', 'crash while sending; the gateway cannot tell whether it went out');
          store.alert(clock.now(), 'unknown-send', `reply #${row.id} may or may not have been sent (crash during send); check the gateway`, row.number, row.conversation);
        });
        out.unknown++;
      }
    }
    return out;
  }

  /** Sends everything due now; resolves when done. Concurrent calls coalesce. */
  tick(): Promise<void> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        if (this.reconcileFirst) {
          await this.recover();
          this.reconcileFirst = false;
        }
        do {
          this.rerun = false;
          await this.sendDue();
        } while (this.rerun);
        this.rounds.succeed();
        this.notBefore = -Infinity;
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  start(): void {
    this.stopped = false;
    this.halting = false;
    this.arm();
  }

  /** Stops scheduling and waits for the send in progress to finish (graceful shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.halting = true;
    this.timer?.();
    this.timer = null;
    await this.running;
  }

  /** Something new is due at `dueMs`: wake up earlier than the next poll if needed. */
  notify(dueMs: number): void {
    if (this.stopped) return;
    // due now: send in a later turn, so that the transaction that scheduled it has committed
    // before anything leaves (a send of an uncommitted row could be repeated after a crash)
    // (after a failed round, not before its backoff wait is over)
    const now = this.o.clock.now();
    if (dueMs <= now && now >= this.notBefore) setImmediate(() => void this.tick().then(() => this.arm(), (e) => this.fail(e)));
    else this.arm(dueMs);
  }

  private armedFor = Infinity;

  private arm(hint?: number): void {
    if (this.stopped) return;
    const now = this.o.clock.now();
    const poll = now + (this.o.pollMs ?? 1000);
    let due = Infinity;
    try {
      due = this.o.store.nextDueMs() ?? Infinity;
    } catch {
      // the database cannot answer: the poll (or the backoff wait) comes back to it
    }
    const next = Math.max(Math.min(hint ?? Infinity, due, poll), this.notBefore);
    if (this.timer && next >= this.armedFor) return;
    this.timer?.();
    this.armedFor = next;
    this.timer = this.o.clock.setTimer(Math.max(0, next - now), () => {
      this.timer = null;
      this.armedFor = Infinity;
      this.tick().then(() => this.arm(), (e) => this.fail(e));
    });
  }

  private fail(e: unknown): void {
    this.lastError = (e as Error).message ?? String(e);
    this.lastRoundError = errorCode(e);
    const wait = this.rounds.fail();
    this.notBefore = this.o.clock.now() + wait;
    this.reconcileFirst = true;
    this.o.log?.(`dispatcher: ${this.lastError} (failure ${this.rounds.failures} in a row; retrying with backoff)`);
    this.timer?.();
    this.timer = null;
    this.armedFor = Infinity;
    this.arm();
  }

  /**
   * Sends what is due, up to `sendConcurrency` replies at once: a gateway on a phone answers in a
   * few hundred ms, and one send at a time held a burst of replies back for minutes of the
   * dealers' time. Never two replies to one number at once, and no timer of a number while a
   * reply to it is on its way (the decision must see that reply as sent). The caps and the kill
   * switch are judged when a send starts, counting the sends still on their way.
   */
  private async sendDue(): Promise<void> {
    const { store, clock, engine } = this.o;
    const limit = Math.max(1, Math.floor(this.o.sendConcurrency ?? DEFAULT_SEND_CONCURRENCY));
    const inFlight = new Map<string, Promise<void>>();
    let failure: { error: unknown } | null = null;
    let hold = false;
    const stop = () => this.halting || hold || failure !== null;
    try {
      while (!stop()) {
        const rows = store.dueOutbox(clock.now(), 50);
        let progressed = false;
        // timers due together wake in one transaction (each its own savepoint, all or none
        // on a failure, which fails the round): a commit per wake was a large part of a busy
        // serve's time; they wake before any send that came after them in the queue
        const timers: OutboxRow[] = [];
        const wakeTimers = () => {
          if (timers.length === 0) return;
          store.tx(() => {
            for (const t of timers) engine.wake(t);
          });
          timers.length = 0;
          progressed = true;
        };
        for (const row of rows) {
          if (stop()) break;
          if (inFlight.has(row.number)) continue; // after the reply to him that is on its way
          if (isTimer(row.kind)) {
            timers.push(row);
            continue;
          }
          wakeTimers();
          let current: OutboxRow | undefined = row;
          if (inFlight.size >= limit) {
            while (inFlight.size >= limit) await Promise.race(inFlight.values());
            if (stop()) break;
            // while it waited for a place, a new message of his may have superseded it
            current = store.outbox(row.id);
          }
          progressed = true;
          if (current?.state !== 'scheduled') continue;
          const sending = this.prepare(current, inFlight.size);
          if (sending === 'hold') hold = true; // kill switch: nothing leaves until it is off
          if (typeof sending === 'string') continue;
          const job = this.transmit(sending)
            .catch((e: unknown) => void (failure ??= { error: e }))
            .finally(() => inFlight.delete(row.number));
          inFlight.set(row.number, job);
        }
        wakeTimers(); // each was taken while nothing stopped the round, as a send is
        if (stop()) break;
        if (!progressed) {
          if (inFlight.size === 0) break;
          await Promise.race(inFlight.values()); // what is due waits for a reply on its way
        }
      }
    } finally {
      // shutdown, the kill switch or a failure: the sends already on their way finish first
      while (inFlight.size > 0) await Promise.race(inFlight.values());
    }
    if (failure) throw (failure as { error: unknown }).error;
  }

  /**
   * The checks before a send, all synchronous (so concurrent sends cannot both slip under a cap):
   * the row marked "sending" and re-read, or why it does not go ('hold': the kill switch is on).
   * `onTheirWay`: sends started and not finished, counted against the global cap.
   */
  private prepare(row: OutboxRow, onTheirWay: number): OutboxRow | 'done' | 'hold' {
    const { store, clock, config } = this.o;
    const now = clock.now();
    const verdict = judgeSend({
      numberState: store.numberState(row.number),
      denied: this.o.lists.deny.has(row.number),
      killSwitch: store.killSwitch(),
      sentToNumber24h: store.sentCount(now - DAY, row.number, config.caps.perNumberPerDay),
      sentGlobal24h: store.sentCount(now - DAY, undefined, config.caps.globalPerDay) + onTheirWay,
      caps: config.caps,
    });
    if (!verdict.send) {
      if (verdict.action === 'hold') return 'hold';
      if (verdict.action === 'cancel') store.finish(row.id, 'cancelled', verdict.reason);
      else {
        const oldest = store.oldestSent(now - DAY, verdict.action === 'defer-number' ? row.number : undefined) ?? now;
        store.defer(row.id, oldest + DAY + 1, verdict.reason);
      }
      return 'done';
    }
    const violation = outboundViolation(row.text);
    if (violation) {
      store.tx(() => {
        store.finish(row.id, 'blocked', violation);
        store.alert(now, 'filter', `reply #${row.id} ${violation}; not sent`, row.number, row.conversation);
      });
      return 'done';
    }
    if (!store.markSending(row.id)) return 'done';
    // re-read: the send id is fixed by the first markSending and kept by every later one
    return store.outbox(row.id)!;
  }

  /** One reply marked "sending" to the gateway, and its outcome recorded. */
  private async transmit(sending: OutboxRow): Promise<void> {
    const { store, clock, sender } = this.o;
    const m = toMessage(sending, store.conversation(sending.conversation));
    if (sending.check_first) {
      // the last attempt may have reached a gateway that cannot dedupe: never send blindly
      const seen = await sender.reconcile(m);
      if (seen === 'sent' || typeof seen === 'object')
        return this.complete(sending, clock.now(), typeof seen === 'object' ? seen.found : { gatewayId: null });
      if (seen === 'unknown')
        return this.failSend(sending, new SendError(`${sender.name} cannot tell whether the last attempt arrived; asking again later`, false), true);
      store.setCheckFirst(sending.id, false);
    }
    let result: SendResult;
    try {
      result = await sender.send(m);
      this.sendFailures = 0;
    } catch (e) {
      return this.failSend(sending, e, e instanceof SendError && e.ambiguous && !sender.idempotent);
    }
    // outside the try: a failure to record the send is the database's, not the gateway's (the
    // round fails, and the row, left in "sending", is reconciled before the next one)
    this.complete(sending, clock.now(), result);
  }

  /**
   * A send that did not go through: the recipient's end stops the number, a permanent refusal
   * (or the last attempt) fails the row with an alert, anything else is retried after a backoff,
   * with a lookup first when the message may be at the gateway already (`lookFirst`). A row
   * whose lookups never get an answer ends "unknown" (held for the operator), never resent.
   */
  private failSend(row: OutboxRow, e: unknown, lookFirst: boolean): void {
    const { store, clock } = this.o;
    const permanent = e instanceof SendError ? e.permanent : false;
    const msg = (e as Error).message ?? String(e);
    this.lastError = msg;
    this.sendFailures++;
    this.lastSendError = errorCode(e);
    const now = clock.now();
    if (e instanceof SendError && e.stopNumber) {
      store.tx(() => {
        store.finish(row.id, 'failed', msg);
        stopNumberForGood(store, row.number, row.conversation, now, e.stopNumber!);
      });
    } else if (lookFirst && row.attempts >= MAX_ATTEMPTS) {
      store.tx(() => {
        store.finish(row.id, 'unknown', msg);
        store.alert(now, 'unknown-send', `reply #${row.id} may or may not have been sent (${msg}); check the gateway`, row.number, row.conversation);
      });
    } else if (permanent || row.attempts >= MAX_ATTEMPTS) {
      store.tx(() => {
        store.finish(row.id, 'failed', msg);
        store.alert(now, 'send-failed', `reply #${row.id} not sent: ${msg}`, row.number, row.conversation);
      });
    } else {
      store.tx(() => {
        store.retryLater(row.id, now + backoffDelay(row.attempts - 1, SEND_RETRY, this.rng), msg);
        if (lookFirst) store.setCheckFirst(row.id, true);
      });
    }
  }

  private complete(row: OutboxRow, ts: number, result: SendResult): void {
    const { store, clock } = this.o;
    store.tx(() => {
      if (!store.markSent(row.id, ts, result.gatewayId ?? row.send_id)) return;
      if (result.delivery) recordDelivery(store, clock, { ref: row.send_id ?? result.gatewayId ?? '', state: result.delivery });
      const d = row.decision !== null ? store.decision(row.decision) : undefined;
      store.addEvent({
        conversation: row.conversation,
        ts_ms: ts,
        direction: 'out',
        kind: 'sms',
        text: row.text,
        tactic: row.tactic,
        propensity: d?.probability ?? null,
        policy: d?.bundle_id ?? null,
        source: `outbox:${row.id}`,
        processed: true,
      });
      // in the same transaction: a reply recorded as sent always has its follow-up timer
      this.o.engine.sent(row, ts);
    });
  }
}

/** `ts` is when the reply was written: a lower bound of when it can have reached a gateway (lookups search from it) */
function toMessage(row: OutboxRow, conv: ConversationRow | undefined): OutboundMessage {
  return {
    id: row.id, sendId: row.send_id, to: row.number, text: row.text, tactic: row.tactic, conversation: row.conversation, ts: row.created_ms,
    simNumber: conv?.sim_number ?? null, deviceId: conv?.device_id ?? null,
  };
}
