// Sends on their way at the same time: a gateway that takes its time holds up no more than
// one reply of `sendConcurrency`, never two replies to one number at once, and the caps and the
// kill switch still hold with sends on their way.
import { describe, expect, it } from 'vitest';
import type { OutboundMessage, Reconciled, Sender, SendResult } from '../gateways/sender.js';
import { harness } from '../test-fixtures/harness.js';

const MIN = 60_000;
const dealer = (i: number) => `+3247011${String(i).padStart(4, '0')}`;
const turns = () => new Promise<void>((r) => setImmediate(r));

/** A gateway that answers only when the test says so. */
class SlowGateway implements Sender {
  readonly name = 'slow';
  readonly idempotent = true;
  readonly waiting: { m: OutboundMessage; done: (r: SendResult) => void }[] = [];
  readonly sent: OutboundMessage[] = [];
  maxAtOnce = 0;
  send(m: OutboundMessage): Promise<SendResult> {
    return new Promise((resolve) => {
      this.waiting.push({ m, done: resolve });
      this.maxAtOnce = Math.max(this.maxAtOnce, this.waiting.length);
    });
  }
  async reconcile(m: OutboundMessage): Promise<Reconciled> {
    return this.sent.some((x) => x.id === m.id) ? 'sent' : 'not-sent';
  }
  /** answers every send waiting now */
  releaseAll(): void {
    for (const w of this.waiting.splice(0)) {
      this.sent.push(w.m);
      w.done({ gatewayId: `slow-${w.m.id}` });
    }
  }
  numbersWaiting(): string[] {
    return this.waiting.map((w) => w.m.to);
  }
}

/** lets the sends started so far reach the gateway (or finish, after a release) */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await turns();
}

/** `n` dealers' promos, their replies due: a slow gateway, and the round that sends them, begun */
async function dueReplies(n: number, config: Record<string, unknown>) {
  const gw = new SlowGateway();
  const h = harness({ gateway: gw, config });
  for (let i = 0; i < n; i++) h.say(dealer(i), 'coke te koop, 60 de gram');
  h.clock.advance(30 * MIN);
  const round = h.dispatcher.tick();
  await settle();
  return { gw, h, round };
}

/** ticks until nothing is on its way and nothing more is due */
async function drain(h: ReturnType<typeof harness>, gw: SlowGateway): Promise<void> {
  const done = h.dispatcher.tick();
  for (let i = 0; i < 200 && gw.waiting.length === 0; i++) await turns();
  for (let i = 0; i < 200; i++) {
    gw.releaseAll();
    await turns();
    if (gw.waiting.length === 0) {
      await turns();
      if (gw.waiting.length === 0) break;
    }
  }
  await done;
}

describe('dispatcher: sends on their way at once', () => {
  it('twelve replies due at once: eight go out together, then the rest, each once', async () => {
    const { gw, h, round } = await dueReplies(12, { sendConcurrency: 8 });
    expect(gw.waiting).toHaveLength(8); // one by one, only the first would be waiting
    expect(h.store.outboxInState('sending')).toHaveLength(8);
    gw.releaseAll();
    await settle();
    expect(gw.waiting).toHaveLength(4);
    gw.releaseAll();
    await round;
    expect(gw.maxAtOnce).toBe(8);
    expect(gw.sent.map((m) => m.to).sort()).toEqual(Array.from({ length: 12 }, (_, i) => dealer(i)).sort());
    expect(h.store.outboxInState('sent').filter((r) => r.kind === 'sms')).toHaveLength(12);
    // every sent reply is in the conversation's events, and each got its follow-up timer
    for (let i = 0; i < 12; i++) {
      const conv = h.store.conversations().find((c) => c.number === dealer(i))!;
      expect(h.store.events(conv.id).filter((e) => e.direction === 'out' && e.kind === 'sms')).toHaveLength(1);
    }
    expect(h.store.outboxInState('scheduled').filter((r) => r.kind === 'follow_up')).toHaveLength(12);
  });

  it('two replies due to one number never travel at the same time, and leave in the order they fall due', async () => {
    const gw = new SlowGateway();
    const h = harness({ gateway: gw, config: { sendConcurrency: 8 } });
    h.say(dealer(1), 'coke te koop, 60 de gram');
    h.say(dealer(2), 'weed te koop, 10 de gram');
    const conv = h.store.conversations().find((c) => c.number === dealer(1))!;
    const now = h.clock.now();
    // a second reply to the same dealer (an operator's), due before the engine's typing delay is over
    h.store.addOutbox({ conversation: conv.id, number: dealer(1), kind: 'sms', text: 'allez, zeg iets', tactic: null, decision: null, created_ms: now, due_ms: now, state: 'scheduled' });
    h.clock.advance(30 * MIN);
    const round = h.dispatcher.tick();
    const seen: string[][] = [];
    for (let k = 0; k < 10; k++) {
      await settle();
      seen.push(gw.numbersWaiting());
      gw.releaseAll();
    }
    await round;
    for (const waiting of seen) expect(new Set(waiting).size, `at once: ${waiting.join(', ')}`).toBe(waiting.length);
    expect(seen[0]!.sort()).toEqual([dealer(1), dealer(2)]);
    const toOne = gw.sent.filter((m) => m.to === dealer(1));
    expect(toOne).toHaveLength(2);
    expect(toOne.map((m) => m.text)[0]).toBe('allez, zeg iets'); // the one due first left first
    expect(toOne[1]!.tactic).not.toBeNull();
  });

  it('the global cap counts the sends on their way: with a cap of 3, three leave and the rest wait a day', async () => {
    const { gw, h, round } = await dueReplies(6, { sendConcurrency: 8, caps: { perNumberPerDay: 40, globalPerDay: 3 } });
    expect(gw.waiting).toHaveLength(3); // without counting them, all six would be on their way
    gw.releaseAll();
    await round;
    expect(gw.sent).toHaveLength(3);
    const deferred = h.store.outboxInState('scheduled').filter((r) => r.kind === 'sms');
    expect(deferred).toHaveLength(3);
    for (const r of deferred) expect(r.due_ms).toBeGreaterThan(h.clock.now() + 23 * 60 * MIN);
  });

  it('the kill switch turned on while sends are on their way: those finish, nothing new leaves', async () => {
    const { gw, h, round } = await dueReplies(5, { sendConcurrency: 2 });
    expect(gw.waiting).toHaveLength(2);
    h.store.setKillSwitch(true);
    gw.releaseAll();
    await round;
    expect(gw.sent).toHaveLength(2);
    expect(h.store.outboxInState('sent').filter((r) => r.kind === 'sms')).toHaveLength(2);
    expect(h.store.outboxInState('scheduled').filter((r) => r.kind === 'sms')).toHaveLength(3);
    h.store.setKillSwitch(false);
    await drain(h, gw);
    expect(gw.sent).toHaveLength(5);
    expect(new Set(gw.sent.map((m) => m.id)).size).toBe(5);
  });

  it('sendConcurrency 1 sends one at a time', async () => {
    const gw = new SlowGateway();
    const h = harness({ gateway: gw, config: { sendConcurrency: 1 } });
    for (let i = 0; i < 4; i++) h.say(dealer(i), 'coke te koop, 60 de gram');
    h.clock.advance(30 * MIN);
    await drain(h, gw);
    expect(gw.maxAtOnce).toBe(1);
    expect(gw.sent).toHaveLength(4);
  });
});
