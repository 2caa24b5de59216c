import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from './clock.js';
import { approve, editAndApprove, reject, reviewQueue, setKillSwitch } from '../operator/operator.js';
import { fakeBrain } from '../test-fixtures/fake-brain.js';
import { harness, RecordingSender } from '../test-fixtures/harness.js';

const DEALER = '+32470112233';
const OTHER = '+32470998877';
const MIN = 60_000;
const HOUR = 60 * MIN;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tmpDb = () => {
  const d = mkdtempSync(join(tmpdir(), 'dealerbot-engine-'));
  dirs.push(d);
  return join(d, 'bot.db');
};

describe('engine: hard safety rules', () => {
  it('replies to a promo, after the delay and not before, with the decision logged', async () => {
    const h = harness();
    h.say(DEALER, 'Promo: coke 50 euro, bel me');
    await h.run(1 * MIN);
    expect(h.sender.sent).toHaveLength(0);
    await h.run(2 * MIN);
    expect(h.sender.sent).toHaveLength(1);
    expect(h.sender.sent[0]!.to).toBe(DEALER);
    const out = h.store.events(h.sender.sent[0]!.conversation).filter((e) => e.direction === 'out');
    expect(out).toHaveLength(1);
    expect(out[0]!.policy).toBe('fake-policy');
    expect(out[0]!.propensity).toBeGreaterThan(0);
    expect(out[0]!.propensity).toBeLessThanOrEqual(1);
  });

  it('gives an unknown number that did not send a promo no reply, ever (never message first)', async () => {
    const h = harness();
    h.say(OTHER, 'hey who is this');
    h.say(OTHER, 'promo weed te koop'); // not its first message: still not engaged
    h.say(DEALER, 'maybe-promo'); // a promo below the threshold is not enough
    await h.run(24 * HOUR);
    expect(h.sender.sent).toHaveLength(0);
    expect(h.store.numberState(OTHER)).toBe('ignored');
    expect(h.store.numberState(DEALER)).toBe('ignored');
  });

  it('engages an allow-listed number whatever its first message', async () => {
    const h = harness({ config: { allow: ['0470 99 88 77'] } });
    h.say(OTHER, 'hallo');
    await h.run(1 * HOUR);
    expect(h.sender.sent.map((m) => m.to)).toEqual([OTHER]);
  });

  it('after STOP never sends again, including the reply already scheduled, across restarts', async () => {
    const db = tmpDb();
    const clock = new ManualClock();
    const sender = new RecordingSender();
    const a = harness({ db, clock, sender });
    a.say(DEALER, 'coke te koop');
    a.say(DEALER, 'STOP');
    await a.run(6 * HOUR);
    expect(sender.sent).toHaveLength(0);
    expect(a.store.numberState(DEALER)).toBe('stopped');
    a.store.close();

    const b = harness({ db, clock, sender }); // the restart
    b.say(DEALER, 'promo coke te koop, nieuwe lijst');
    b.say(DEALER, 'hallo??');
    await b.run(48 * HOUR);
    expect(sender.sent).toHaveLength(0);
    b.store.close();
  });

  it('escalate: stops the number, alerts the operator, sends no reply', async () => {
    const h = harness();
    h.say(DEALER, 'coke te koop');
    await h.run(1 * HOUR);
    const before = h.sender.sent.length;
    h.say(DEALER, 'ik maak je dood');
    await h.run(6 * HOUR);
    expect(h.sender.sent).toHaveLength(before);
    expect(h.store.numberState(DEALER)).toBe('escalated');
    expect(h.store.alerts().map((a) => a.kind)).toContain('escalated');
    h.say(DEALER, 'sorry man, promo weed');
    await h.run(6 * HOUR);
    expect(h.sender.sent).toHaveLength(before);
  });

  it('an escalate flag without a threat act (e.g. a minor) also stops and alerts', async () => {
    const h = harness();
    h.say(DEALER, 'coke te koop');
    h.say(DEALER, 'after school ok?');
    await h.run(6 * HOUR);
    expect(h.sender.sent).toHaveLength(0);
    expect(h.store.alerts()).toHaveLength(1);
  });

  it('never answers a denied number', async () => {
    const h = harness({ config: { deny: [DEALER] } });
    h.say(DEALER, 'coke te koop');
    await h.run(6 * HOUR);
    expect(h.sender.sent).toHaveLength(0);
    expect(h.store.numberState(DEALER)).toBe('denied');
  });

  it('kill switch holds every message until it is switched off', async () => {
    const h = harness();
    setKillSwitch(h.store, true, h.clock.now());
    h.say(DEALER, 'coke te koop');
    await h.run(6 * HOUR);
    expect(h.sender.sent).toHaveLength(0);
    setKillSwitch(h.store, false, h.clock.now());
    await h.run(1 * MIN);
    expect(h.sender.sent).toHaveLength(1);
  });

  it('caps messages per number per day', async () => {
    const h = harness({ config: { caps: { perNumberPerDay: 3, globalPerDay: 100 } } });
    h.say(DEALER, 'coke te koop');
    for (let i = 0; i < 6; i++) {
      await h.run(10 * MIN);
      h.say(DEALER, `nog iets ${i}?`);
    }
    await h.run(3 * HOUR);
    expect(h.sender.sent).toHaveLength(3);
    await h.run(25 * HOUR); // the window moves on: the deferred reply goes out
    expect(h.sender.sent).toHaveLength(4);
  });

  it('caps messages globally per day', async () => {
    const h = harness({ config: { caps: { perNumberPerDay: 10, globalPerDay: 2 } } });
    for (let i = 0; i < 4; i++) h.say(`+3247011000${i}`, 'coke te koop');
    await h.run(3 * HOUR);
    expect(h.sender.sent).toHaveLength(2);
  });

  it('outbound filter: a rendered phone number, IBAN or address is never sent and alerts', async () => {
    for (const bad of ['bel 0470 12 34 56', 'stort op BE68 5390 0754 7034', 'kom naar Kerkstraat 12']) {
      const h = harness({ brain: fakeBrain({ text: () => bad }) });
      h.say(DEALER, 'coke te koop');
      await h.run(6 * HOUR);
      expect(h.sender.sent, bad).toHaveLength(0);
      expect(h.store.alerts().some((a) => a.kind === 'filter'), bad).toBe(true);
    }
  });

  it('meeting places come from the operator list', async () => {
    const places = ['aan de Meir', 'aan het Centraal Station'];
    const h = harness({ config: { places }, brain: fakeBrain({ prefer: 'propose_meeting' }) });
    h.say(DEALER, 'coke te koop');
    await h.run(1 * HOUR);
    expect(h.sender.sent).toHaveLength(1);
    expect(places.some((p) => h.sender.sent[0]!.text.includes(p))).toBe(true);
  });
});

describe('engine: conversation mechanics', () => {
  it('a retried inbound message (same id) gets one reply', async () => {
    const h = harness();
    h.say(DEALER, 'coke te koop', 'SM1');
    h.say(DEALER, 'coke te koop', 'SM1');
    await h.run(1 * HOUR);
    expect(h.sender.sent).toHaveLength(1);
    expect(h.store.events(h.sender.sent[0]!.conversation).filter((e) => e.direction === 'in')).toHaveLength(1);
  });

  it('a second dealer message before the reply replaces it with one fresh decision', async () => {
    const h = harness();
    h.say(DEALER, 'coke te koop');
    await h.run(1 * MIN);
    h.say(DEALER, 'hallo?');
    await h.run(1 * HOUR);
    expect(h.sender.sent).toHaveLength(1);
  });

  it('go_silent logs a wait event and decides again later (apologize_return is then allowed)', async () => {
    const h = harness({ brain: fakeBrain({ prefer: 'go_silent', silenceMs: 3 * HOUR }) });
    h.say(DEALER, 'coke te koop');
    await h.run(1 * HOUR);
    expect(h.sender.sent).toHaveLength(0);
    const conv = h.store.events(1);
    expect(conv.map((e) => e.kind)).toEqual(['sms', 'wait']);
    expect(conv[1]!.tactic).toBe('go_silent');
    // the decision after a silence comes at its end plus a follow-up delay (2–6 h, core/schedule.ts),
    // and not in quiet hours
    await h.run(3 * HOUR);
    expect(h.sender.sent).toHaveLength(0);
    await h.run(20 * HOUR);
    // then a message (go_silent is masked after a silence); a follow-up of it may follow
    expect(h.sender.sent.length).toBeGreaterThanOrEqual(1);
    expect(h.sender.sent[0]!.tactic).not.toBe('go_silent');
    const decided = h.store.decision(2)!;
    expect(decided.trigger_event).toBeNull();
    expect(decided.ts_ms - h.store.decision(1)!.ts_ms).toBeGreaterThanOrEqual(3 * HOUR + 2 * HOUR);
  });
});

describe('review mode', () => {
  it('holds messages until approved; rejected ones never leave; edits are filtered', async () => {
    const h = harness({ config: { mode: 'review' } });
    h.say(DEALER, 'coke te koop');
    h.say(OTHER, 'weed te koop');
    h.say('+32470555555', 'promo coke');
    await h.run(6 * HOUR);
    expect(h.sender.sent).toHaveLength(0);
    const q = reviewQueue(h.store);
    expect(q).toHaveLength(3);
    expect(q[0]!.to).not.toContain('470'); // masked number on screen
    approve(h.store, q[0]!.id, h.clock.now());
    reject(h.store, q[1]!.id, h.clock.now());
    expect(() => editAndApprove(h.store, q[2]!.id, 'bel me op 0470 11 22 33', h.clock.now())).toThrow(/phone number/);
    editAndApprove(h.store, q[2]!.id, 'ok, waar?', h.clock.now());
    expect(() => approve(h.store, q[1]!.id, h.clock.now())).toThrow(/rejected/);
    await h.run(1 * MIN);
    expect(h.sender.sent.map((m) => m.text).sort()).toEqual([q[0]!.text, 'ok, waar?'].sort());
    expect(reviewQueue(h.store)).toHaveLength(0);
  });
});

describe('automatic sending', () => {
  it('happens only in mode "auto": any other value holds the reply for review', async () => {
    const h = harness({ config: { mode: 'auto' } });
    // the config schema and --mode refuse anything else; the engine must not depend on that
    (h.config as { mode: string }).mode = 'reveiw';
    h.say(DEALER, 'coke te koop');
    await h.run(6 * HOUR);
    expect(h.sender.sent).toHaveLength(0);
    expect(reviewQueue(h.store)).toHaveLength(1);
  });
});

describe('dispatcher: crash recovery', () => {
  it('a row left "sending" is completed if the gateway has it and resent if not, never twice', async () => {
    const db = tmpDb();
    const clock = new ManualClock();
    const sender = new RecordingSender();
    const a = harness({ db, clock, sender });
    a.say(DEALER, 'coke te koop');
    a.say(OTHER, 'weed te koop');
    clock.advance(HOUR);
    const [r1, r2] = a.store.dueOutbox(clock.now());
    // crash 1: the gateway got r1 but we never marked it; crash 2: r2 never reached it
    a.store.markSending(r1!.id);
    a.store.markSending(r2!.id);
    sender.sent.push({ id: r1!.id, sendId: a.store.outbox(r1!.id)!.send_id, to: r1!.number, text: r1!.text, tactic: r1!.tactic, conversation: r1!.conversation, ts: clock.now() });
    a.store.close();

    const b = harness({ db, clock, sender });
    expect(await b.dispatcher.recover()).toEqual({ sent: 1, resent: 1, unknown: 0 });
    await b.run(MIN);
    expect(sender.sent.map((m) => m.id).sort()).toEqual([r1!.id, r2!.id].sort());
    expect(b.store.outbox(r1!.id)!.state).toBe('sent');
    expect(b.store.outbox(r2!.id)!.state).toBe('sent');
    b.store.close();
  });

  it('retries transient gateway errors and gives up with an alert on permanent ones', async () => {
    const h = harness();
    const { SendError } = await import('../gateways/sender.js');
    h.sender.failWith = new SendError('HTTP 503', false);
    h.say(DEALER, 'coke te koop');
    await h.run(2 * MIN); // one attempt at the 2-minute delay, the retry is a minute later
    expect(h.store.outbox(1)!.state).toBe('scheduled');
    expect(h.store.outbox(1)!.attempts).toBe(1);
    h.sender.failWith = new SendError('HTTP 400 invalid number', true);
    await h.run(10 * MIN);
    expect(h.store.outbox(1)!.state).toBe('failed');
    expect(h.store.alerts()[0]!.kind).toBe('send-failed');
  });
});
