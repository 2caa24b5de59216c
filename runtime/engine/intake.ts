// Between the webhooks and the engine: group commit of inbound messages, decisions after the
// answer. Messages that arrive in the same event-loop turn are stored in one transaction (one
// commit instead of one per request), and each webhook answers once its message is committed,
// so "200" still means "on disk". Classification and the decision run in the next turn, again
// many per transaction; a crash in between leaves the events unprocessed, and Engine.recover
// decides them at the next start. Under load this turns two commits and a decision inside every
// request into a fraction of a commit per request, and the answer no longer waits for the policy.
import type { AcceptResult, Engine, InboundMessage } from './engine.js';
import type { Store } from '../store/store.js';

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
}

export class Intake {
  private accepts: Pending[] = [];
  private events: number[] = [];
  private scheduled = false;
  private idleWaiters: (() => void)[] = [];
  private readonly defer: (fn: () => void) => void;
  private readonly maxBatch: number;
  private readonly maxDecisions: number;
  /** transactions committed by accept batches, and messages in them (for /health and benchmarks) */
  readonly stats = { acceptBatches: 0, accepted: 0, processBatches: 0, processed: 0, processErrors: 0 };

  constructor(
    private readonly engine: Engine,
    private readonly store: Store,
    private readonly o: IntakeOptions = {},
  ) {
    this.defer = o.defer ?? setImmediate;
    this.maxBatch = o.maxBatch ?? 500;
    this.maxDecisions = o.maxDecisions ?? 16;
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
      for (const p of batch) p.reject(e);
      return;
    }
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
    try {
      this.store.tx(() => {
        for (const id of ids) {
          try {
            this.engine.process(id);
          } catch (e) {
            // stored and acknowledged: decided again at the next start (Engine.recover)
            this.stats.processErrors++;
            this.o.log?.(`message ${id} stored but not processed: ${(e as Error).message}`);
          }
        }
      });
      this.stats.processBatches++;
      this.stats.processed += ids.length;
    } catch (e) {
      this.stats.processErrors += ids.length;
      this.o.log?.(`${ids.length} messages stored but not processed (commit failed): ${(e as Error).message}`);
    }
  }
}
