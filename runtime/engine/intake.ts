// Between the webhooks and the engine: group commit of inbound messages, decisions after the
// answer. Messages that arrive in the same event-loop turn are stored in one transaction (one
// commit instead of one per request), and each webhook answers once its message is committed,
// so "200" still means "on disk". Classification and the decision run in the next turn, again
// many per transaction; a crash in between leaves the events unprocessed, and Engine.recover
// decides them at the next start. Under load this turns two commits and a decision inside every
// request into a fraction of a commit per request, and the answer no longer waits for the policy.
//
// A decision that fails (a busy or damaged database, a policy that throws) leaves its message
// stored and undecided; the intake then sweeps the store for undecided messages after a
// bounded, jittered backoff and tries them again, for as long as it takes, without a restart.
// Its failure counts feed /health (runtime/serve/health.ts).
import { Backoff, type BackoffOptions } from '../../lib/backoff.js';
import { Rng } from '../../lib/random.js';
import type { Clock } from './clock.js';
import type { AcceptResult, Engine, InboundMessage } from './engine.js';
import type { Store } from '../store/store.js';
import { errorCode } from './error-code.js';

interface Pending {
  msg: InboundMessage;
  resolve: (r: AcceptResult) => void;
  reject: (e: unknown) => void;
}

export interface IntakeOptions {
  log?: (line: string) => void;
  /** runs fn in a later event-loop turn (setImmediate; injectable for tests) */
  defer?: (fn: () => void) => void;
  /** most messages stored per transaction */
  maxBatch?: number;
  /** most messages decided per turn: a decision takes ~0.3 ms, and while a batch runs no
   * webhook is answered, so small batches keep the answer latency's tail short */
  maxDecisions?: number;
  /** times the retries of failed decisions (default: the wall clock) */
  clock?: Clock;
  /** jitter of the retries */
  rng?: Rng;
  /** waits between sweeps for undecided messages, in clock ms (default 1 s doubling to 60 s) */
  retry?: BackoffOptions;
}

/** What the intake tells /health. */
export interface IntakeHealth {
  /** decision rounds in a row in which a message failed (0: the last round went through) */
  decisionFailures: number;
  lastDecisionError: string | null;
  /** accept commits in a row that failed (webhooks answered 503) */
  acceptFailures: number;
  lastAcceptError: string | null;
}

const wallClock: Clock = {
  now: () => Date.now(),
  setTimer(ms, fn) {
    const t = setTimeout(fn, Math.min(Math.max(0, ms), 2 ** 31 - 1));
    t.unref?.();
    return () => clearTimeout(t);
  },
};

export class Intake {
  private accepts: Pending[] = [];
  private events: number[] = [];
  private scheduled = false;
  private idleWaiters: (() => void)[] = [];
  private readonly defer: (fn: () => void) => void;
  private readonly maxBatch: number;
  private readonly maxDecisions: number;
  private readonly clock: Clock;
  private readonly retries: Backoff;
  private sweepTimer: (() => void) | null = null;
  /** messages whose decision failed and has not gone through since */
  private readonly retrying = new Set<number>();
  private stopped = false;
  private lastDecisionError: string | null = null;
  private acceptFailures = 0;
  private lastAcceptError: string | null = null;
  /** transactions committed by accept batches, and messages in them (for /health and benchmarks) */
  readonly stats = { acceptBatches: 0, accepted: 0, processBatches: 0, processed: 0, processErrors: 0, sweeps: 0 };

  constructor(
    private readonly engine: Engine,
    private readonly store: Store,
    private readonly o: IntakeOptions = {},
  ) {
    this.defer = o.defer ?? setImmediate;
    this.maxBatch = o.maxBatch ?? 500;
    this.maxDecisions = o.maxDecisions ?? 16;
    this.clock = o.clock ?? wallClock;
    this.retries = new Backoff(o.retry ?? { baseMs: 1000, maxMs: 60_000 }, o.rng ?? new Rng(1));
  }

  health(): IntakeHealth {
    return {
      decisionFailures: this.retries.failures,
      lastDecisionError: this.lastDecisionError,
      acceptFailures: this.acceptFailures,
      lastAcceptError: this.lastAcceptError,
    };
  }

  /** Looks for undecided messages soon (after a start whose recovery failed for some). */
  retrySoon(): void {
    this.failed(null);
  }

  /** No more retries (shutdown). */
  stop(): void {
    this.stopped = true;
    this.sweepTimer?.();
    this.sweepTimer = null;
  }

  /** Resolves once the message is committed (or recognised as a retry); rejects if it could not be stored. */
  accept(msg: InboundMessage): Promise<AcceptResult> {
    return new Promise((resolve, reject) => {
      this.accepts.push({ msg, resolve, reject });
      this.schedule();
    });
  }

  /** messages waiting to be stored or decided */
  get backlog(): number {
    return this.accepts.length + this.events.length;
  }

  /** Resolves when every accepted message has been processed (graceful shutdown, tests). */
  idle(): Promise<void> {
    if (!this.scheduled && this.accepts.length === 0 && this.events.length === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.defer(() => this.turn());
  }

  private turn(): void {
    this.scheduled = false;
    // decisions first: they were accepted in an earlier turn, and their webhooks have answered
    if (this.events.length) this.processBatch(this.events.splice(0, this.maxDecisions));
    if (this.accepts.length) this.acceptBatch(this.accepts.splice(0, this.maxBatch));
    if (this.accepts.length || this.events.length) this.schedule();
    else for (const w of this.idleWaiters.splice(0)) w();
  }

  private acceptBatch(batch: Pending[]): void {
    const out: ({ ok: true; r: AcceptResult } | { ok: false; e: unknown })[] = [];
    try {
      this.store.tx(() => {
        for (const p of batch) {
          try {
            // a nested transaction is a savepoint: one bad message rolls back alone
            out.push({ ok: true, r: this.engine.accept(p.msg) });
          } catch (e) {
            out.push({ ok: false, e });
          }
        }
      });
    } catch (e) {
      // the commit itself failed: nothing of this batch is stored
      this.acceptFailures++;
      this.lastAcceptError = errorCode(e);
      for (const p of batch) p.reject(e);
      return;
    }
    this.acceptFailures = 0;
    this.stats.acceptBatches++;
    batch.forEach((p, i) => {
      const x = out[i]!;
      if (x.ok) {
        if (x.r.status === 'accepted') this.events.push(x.r.event);
        this.stats.accepted++;
        p.resolve(x.r);
      } else p.reject(x.e);
    });
  }

  private processBatch(ids: number[]): void {
    let failure: unknown = null;
    const done: number[] = [];
    try {
      this.store.tx(() => {
        for (const id of ids) {
          try {
            this.engine.process(id);
            done.push(id);
          } catch (e) {
            // stored and acknowledged: decided again by the next sweep (and at the next start)
            failure = e;
            this.retrying.add(id);
            this.stats.processErrors++;
            this.o.log?.(`message ${id} stored but not processed: ${(e as Error).message}`);
          }
        }
      });
      this.stats.processBatches++;
      this.stats.processed += ids.length;
      for (const id of done) this.retrying.delete(id);
    } catch (e) {
      failure = e;
      for (const id of ids) this.retrying.add(id);
      this.stats.processErrors += ids.length;
      this.o.log?.(`${ids.length} messages stored but not processed (commit failed): ${(e as Error).message}`);
    }
    if (failure !== null) this.failed(failure);
    // the backoff starts over only once every failed message has gone through
    else if (this.retrying.size === 0) this.retries.succeed();
  }

  /** A decision failed: sweep the store for undecided messages after the next backoff wait. */
  private failed(e: unknown): void {
    if (e !== null) this.lastDecisionError = errorCode(e);
    if (this.stopped || this.sweepTimer) return;
    const wait = e === null ? 0 : this.retries.fail();
    this.sweepTimer = this.clock.setTimer(wait, () => {
      this.sweepTimer = null;
      this.sweep();
    });
  }

  /** Queues every undecided message of the store that is not queued already. */
  private sweep(): void {
    if (this.stopped) return;
    this.stats.sweeps++;
    let ids: number[];
    try {
      ids = this.store.unprocessedEvents();
    } catch (e) {
      this.o.log?.(`cannot look for undecided messages: ${(e as Error).message}`);
      return this.failed(e);
    }
    const queued = new Set(this.events);
    const todo = ids.filter((id) => !queued.has(id));
    if (todo.length === 0) return;
    this.events.push(...todo);
    this.schedule();
  }
}
