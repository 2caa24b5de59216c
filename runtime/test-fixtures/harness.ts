// Engine + dispatcher on a manual clock and a recording sender, for tests that run hours of
// conversation in milliseconds.
import { Rng } from '../../lib/random.js';
import type { Brain } from '../engine/brain.js';
import { ManualClock } from '../engine/clock.js';
import { parseConfig, type RuntimeConfig } from '../config.js';
import { Dispatcher } from '../engine/dispatcher.js';
import { Engine } from '../engine/engine.js';
import { safetyLists } from '../engine/safety.js';
import type { OutboundMessage, Reconciled, Sender } from '../gateways/sender.js';
import { Store } from '../store/store.js';
import { fakeBrain } from './fake-brain.js';

export class RecordingSender implements Sender {
  readonly name = 'recording';
  readonly idempotent = true;
  sent: OutboundMessage[] = [];
  failWith: Error | null = null;
  async send(m: OutboundMessage) {
    if (this.failWith) throw this.failWith;
    this.sent.push(m);
    return { gatewayId: `rec-${m.id}` };
  }
  async reconcile(m: OutboundMessage): Promise<Reconciled> {
    return this.sent.some((x) => x.id === m.id) ? 'sent' : 'not-sent';
  }
}

export interface Harness {
  store: Store;
  clock: ManualClock;
  engine: Engine;
  dispatcher: Dispatcher;
  sender: RecordingSender;
  config: RuntimeConfig;
  /** moves the clock and sends whatever fell due */
  run(ms: number): Promise<void>;
  say(from: string, text: string, id?: string): void;
}

/** `gateway`: a real sender (against a fake server) for the dispatcher instead of the recording one */
export function harness(o: { db?: string; config?: Record<string, unknown>; brain?: Brain; clock?: ManualClock; sender?: RecordingSender; gateway?: Sender } = {}): Harness {
  // settleSeconds 0: most tests are about what happens to one message, decided at once; the
  // schedule's own tests (engine/schedule.test.ts) set it
  const config = parseConfig({ mode: 'auto', settleSeconds: 0, ...(o.config ?? {}) });
  const store = Store.open(o.db ?? ':memory:', 'create');
  const clock = o.clock ?? new ManualClock();
  const lists = safetyLists(config);
  const engine = new Engine({ store, brain: o.brain ?? fakeBrain(), clock, rng: new Rng(7), config, lists });
  const sender = o.sender ?? new RecordingSender();
  const dispatcher = new Dispatcher({ store, sender: o.gateway ?? sender, clock, engine, config, lists, sendConcurrency: config.sendConcurrency });
  return {
    store, clock, engine, dispatcher, sender, config,
    async run(ms) {
      const end = clock.now() + ms;
      let lastTick = -Infinity;
      for (;;) {
        const next = store.nextDueMs();
        if (next === null || next > end) break;
        const at = Math.max(next, clock.now());
        if (at <= lastTick) break; // held (kill switch): nothing more happens until `end`
        clock.advanceTo(at);
        await dispatcher.tick();
        lastTick = at;
      }
      clock.advanceTo(end);
      await dispatcher.tick();
    },
    say(from, text, id) {
      engine.receive({ transport: 'test', from, text, ...(id ? { id } : {}) });
    },
  };
}
