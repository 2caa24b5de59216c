// The dispatcher under a failing database and a failing gateway: bounded, jittered, growing
// waits instead of a tight loop, and a reply a failure left in "sending" is reconciled with the
// gateway once the database answers again: sent exactly once.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../lib/random.js';
import { SendError } from '../gateways/sender.js';
import { harness } from '../test-fixtures/harness.js';
import { Dispatcher } from './dispatcher.js';

const DEALER = '+32470112233';
const SEC = 1000;
const MIN = 60 * SEC;
const full = () => Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
const settle = () => new Promise<void>((r) => setImmediate(r));

describe('dispatcher: failures back off', () => {
  it('a full disk: rounds wait longer and longer (never a tight loop), and the reply stuck in "sending" goes out exactly once after', async () => {
    const h = harness();
    const lines: string[] = [];
    const d = new Dispatcher({ store: h.store, sender: h.sender, clock: h.clock, engine: h.engine, config: h.config, lists: { deny: new Set() }, pollMs: SEC, rng: new Rng(5), log: (l) => lines.push(l) });
    h.engine.onScheduled = (due) => d.notify(due);
    h.say(DEALER, 'coke te koop');
    h.say('+32470112234', 'weed te koop'); // a second reply due: the old loop re-ran at once on it
    let diskFull = true;
    const markSent = h.store.markSent.bind(h.store);
    h.store.markSent = (...a) => {
      if (diskFull) throw full();
      return markSent(...a);
    };
    const markSending = h.store.markSending.bind(h.store);
    let sendingCalls = 0;
    h.store.markSending = (id) => {
      sendingCalls++;
      if (diskFull && sendingCalls > 1) throw full(); // the first one commits, then the disk is full
      return markSending(id);
    };
    d.start();
    h.clock.advance(3 * MIN); // both replies are due
    for (let t = 0; t < 10 * 60; t++) {
      h.clock.advance(SEC);
      await settle();
    }
    // ten minutes of a full disk: a handful of rounds, each logged once
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.length).toBeLessThanOrEqual(16); // waits of 1 s doubling to 2 min; a tight loop made ~600
    expect(lines[0]).toMatch(/database or disk is full \(failure 1 in a row; retrying with backoff\)/);
    expect(d.health()).toMatchObject({ lastRoundError: 'SQLITE_FULL' });
    expect(d.health().roundFailures).toBe(lines.length);
    expect(h.sender.sent).toHaveLength(1); // the gateway has the first reply, the store could not say so
    expect(h.store.outboxInState('sending')).toHaveLength(1);

    diskFull = false; // space again: no restart
    for (let t = 0; t < 5 * 60; t++) {
      h.clock.advance(SEC);
      await settle();
    }
    await d.stop();
    expect(h.store.outboxInState('sending')).toHaveLength(0);
    expect(h.store.outboxInState('sent')).toHaveLength(2);
    expect(h.sender.sent).toHaveLength(2);
    expect(new Set(h.sender.sent.map((m) => m.id)).size).toBe(2); // nothing sent twice
    expect(d.health()).toMatchObject({ roundFailures: 0 });
  });

  it('a refused send is retried after a jittered, growing wait with a cap', async () => {
    const h = harness();
    h.sender.failWith = new SendError('HTTP 503', false);
    h.say(DEALER, 'coke te koop');
    await h.run(2 * MIN);
    const row = h.store.outbox(1)!;
    expect(row.attempts).toBe(1);
    const wait = row.due_ms - h.clock.now();
    expect(wait).toBeGreaterThanOrEqual(30 * SEC); // 1 minute less up to half
    expect(wait).toBeLessThanOrEqual(60 * SEC);
  });
});
