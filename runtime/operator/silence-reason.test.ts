// Why the bot is silent: each reason as the runtime really gets there (the engine and dispatcher
// on a manual clock with a fake brain), then the order of the rules on hand-made rows.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEDULE } from '../../core/schedule.js';
import { ManualClock } from '../engine/clock.js';
import { SendError } from '../gateways/sender.js';
import { stopNumberForGood } from '../engine/stop-number.js';
import { fakeBrain } from '../test-fixtures/fake-brain.js';
import { harness, type Harness } from '../test-fixtures/harness.js';
import { approve, reject, setKillSwitch } from './operator.js';
import { conversationSilence, countSilences, silenceReason, type ConversationLog } from './silence-reason.js';

const DEALER = '+32470123456';
const MIN = 60_000;
const HOUR = 60 * MIN;
// 12:00 in Brussels: replies and follow-ups of the next hours fall outside the quiet hours
const NOON = Date.UTC(2026, 0, 5, 11, 0, 0);

/** the reason of the dealer's (latest) conversation */
function reason(h: Harness, number = DEALER) {
  const conv = h.store.conversationsOf(number).at(-1)!;
  return conversationSilence(h.store, conv);
}
const at = (o: Parameters<typeof harness>[0] = {}) => harness({ clock: new ManualClock(NOON), ...o });

describe('the number\'s state: the bot will not write', () => {
  it('not_a_promo: a first message that is no promo', () => {
    const h = at();
    h.say(DEALER, 'hey wie is dit');
    expect(reason(h)).toEqual({ reason: 'not_a_promo' });
  });

  it('stopped: an opt-out, with the follow-up it had scheduled cancelled; and a number the gateway says is unreachable', async () => {
    const h = at({ brain: fakeBrain({ prefer: 'ask_price' }) });
    h.say(DEALER, 'coke te koop');
    await h.run(10 * MIN);
    expect(reason(h)).toMatchObject({ reason: 'waiting', kind: 'follow_up' });
    h.say(DEALER, 'stop');
    expect(reason(h)).toEqual({ reason: 'stopped' });
    const other = '+32470999888';
    h.say(other, 'weed te koop');
    await h.run(10 * MIN);
    stopNumberForGood(h.store, other, null, h.clock.now(), '21610');
    expect(reason(h, other)).toEqual({ reason: 'stopped' });
  });

  it('escalated: a threat', async () => {
    const h = at();
    h.say(DEALER, 'coke te koop');
    await h.run(10 * MIN);
    h.say(DEALER, 'ik maak je dood');
    expect(reason(h)).toEqual({ reason: 'escalated' });
  });

  it('denied: a number on the deny list, promo or not', () => {
    const h = at({ config: { deny: [DEALER] } });
    h.say(DEALER, 'coke te koop');
    expect(reason(h)).toEqual({ reason: 'denied' });
  });
});

describe('the bot is about to act', () => {
  it('deciding: a message accepted and not decided yet, his first or a later one', async () => {
    const h = at();
    h.engine.accept({ transport: 'test', from: DEALER, text: 'coke te koop' });
    expect(reason(h)).toEqual({ reason: 'deciding' });
    h.engine.recover();
    await h.run(10 * MIN);
    expect(reason(h).reason).toBe('waiting');
    h.engine.accept({ transport: 'test', from: DEALER, text: '50 euro' });
    expect(reason(h)).toEqual({ reason: 'deciding' });
  });

  it('review: a reply waits for the operator, with its row and due time', () => {
    const h = at({ config: { mode: 'review' } });
    h.say(DEALER, 'coke te koop');
    const [row] = h.store.outboxInState('review');
    expect(reason(h)).toEqual({ reason: 'review', outbox: row!.id, dueMs: row!.due_ms });
  });

  it('waiting for settle: his turn has not ended yet', () => {
    const h = at({ config: { settleSeconds: 90 } });
    h.say(DEALER, 'coke te koop');
    expect(reason(h)).toMatchObject({ reason: 'waiting', kind: 'settle', state: 'scheduled', dueMs: NOON + 90_000 });
  });

  it('waiting for sms: the reply waits for its typing delay, and stays waiting past it under the kill switch', async () => {
    const h = at({ brain: fakeBrain({ prefer: 'ask_price', delayMs: 2 * MIN }) });
    h.say(DEALER, 'coke te koop');
    expect(reason(h)).toMatchObject({ reason: 'waiting', kind: 'sms', state: 'scheduled', dueMs: NOON + 2 * MIN });
    setKillSwitch(h.store, true, h.clock.now());
    await h.run(HOUR);
    expect(h.sender.sent).toHaveLength(0);
    expect(reason(h)).toMatchObject({ reason: 'waiting', kind: 'sms', dueMs: NOON + 2 * MIN });
  });

  it('waiting for follow_up: our reply went unanswered, the follow-up falls due 2–6 h after it', async () => {
    const h = at({ brain: fakeBrain({ prefer: 'ask_price' }) });
    h.say(DEALER, 'coke te koop');
    await h.run(10 * MIN);
    const sentMs = h.store.outboxInState('sent')[0]!.sent_ms!;
    const r = reason(h);
    expect(r).toMatchObject({ reason: 'waiting', kind: 'follow_up', state: 'scheduled' });
    const after = (r as { dueMs: number }).dueMs - sentMs;
    expect(after).toBeGreaterThanOrEqual(2 * HOUR);
    expect(after).toBeLessThanOrEqual(6 * HOUR);
  });

  it('waiting for decide: a go_silent decides again after its silence', () => {
    const h = at({ brain: fakeBrain({ prefer: 'go_silent', silenceMs: 3 * HOUR }) });
    h.say(DEALER, 'coke te koop');
    const r = reason(h);
    expect(r).toMatchObject({ reason: 'waiting', kind: 'decide' });
    expect((r as { dueMs: number }).dueMs).toBeGreaterThanOrEqual(NOON + 3 * HOUR + 2 * HOUR);
  });
});

describe('nothing is scheduled', () => {
  it('capped: maxUnanswered of ours in a row unanswered, until he writes', async () => {
    const h = at({ brain: fakeBrain({ prefer: 'ask_price' }) });
    h.say(DEALER, 'coke te koop');
    await h.run(4 * 24 * HOUR);
    expect(h.sender.sent).toHaveLength(DEFAULT_SCHEDULE.maxUnanswered);
    expect(reason(h)).toEqual({ reason: 'capped', unanswered: DEFAULT_SCHEDULE.maxUnanswered });
    // a day more: still capped, waiting for him to write
    await h.run(24 * HOUR);
    expect(h.sender.sent).toHaveLength(DEFAULT_SCHEDULE.maxUnanswered);
    expect(reason(h)).toEqual({ reason: 'capped', unanswered: DEFAULT_SCHEDULE.maxUnanswered });
    // his message ends it: a decision on his turn, a reply on its way
    h.say(DEALER, 'sorry was bezig');
    expect(reason(h)).toMatchObject({ reason: 'waiting', kind: 'sms' });
  });

  it('answering: he wrote last and the reply was rejected by the operator', () => {
    const h = at({ config: { mode: 'review' } });
    h.say(DEALER, 'coke te koop');
    reject(h.store, h.store.outboxInState('review')[0]!.id, h.clock.now());
    expect(reason(h)).toEqual({ reason: 'answering', lastReply: 'rejected' });
  });

  it('answering: the reply was blocked by the outbound filter, or refused by the gateway', async () => {
    const blocked = at({ brain: fakeBrain({ text: () => 'bel 0470 12 34 56' }) });
    blocked.say(DEALER, 'coke te koop');
    await blocked.run(HOUR);
    expect(reason(blocked)).toEqual({ reason: 'answering', lastReply: 'blocked' });

    const refused = at();
    refused.sender.failWith = new SendError('400 invalid body', true);
    refused.say(DEALER, 'coke te koop');
    await refused.run(HOUR);
    expect(reason(refused)).toEqual({ reason: 'answering', lastReply: 'failed' });
  });

  it('stalled: we wrote last, not capped, and the follow-up\'s reply was rejected', async () => {
    const h = at({ config: { mode: 'review' }, brain: fakeBrain({ prefer: 'ask_price' }) });
    h.say(DEALER, 'coke te koop');
    approve(h.store, h.store.outboxInState('review')[0]!.id, h.clock.now());
    await h.run(10 * MIN);
    expect(h.sender.sent).toHaveLength(1);
    await h.run(7 * HOUR); // the follow-up decides: its reply waits for review
    const [second] = h.store.outboxInState('review');
    expect(second).toBeDefined();
    expect(reason(h)).toMatchObject({ reason: 'review', outbox: second!.id });
    reject(h.store, second!.id, h.clock.now());
    expect(reason(h)).toEqual({ reason: 'stalled', unanswered: 1, lastReply: 'rejected' });
  });
});

describe('the order of the rules', () => {
  const msg = (direction: 'in' | 'out', kind: 'sms' | 'call' | 'meeting' | 'wait' = 'sms', processed = true) => ({ direction, kind, processed });
  const row = (id: number, kind: 'sms' | 'settle' | 'follow_up' | 'decide', state: string, due_ms = 1000) =>
    ({ id, kind, state, due_ms }) as ConversationLog['outbox'][number];

  it('a number state wins over anything scheduled or undecided', () => {
    for (const [state, r] of [['stopped', 'stopped'], ['escalated', 'escalated'], ['denied', 'denied'], ['ignored', 'not_a_promo']] as const)
      expect(silenceReason({ numberState: state, outbox: [row(1, 'sms', 'scheduled')], events: [msg('in', 'sms', false)] })).toEqual({ reason: r });
  });

  it('deciding before review, review before waiting, the earliest due among several', () => {
    const outbox = [row(1, 'sms', 'review'), row(2, 'follow_up', 'scheduled', 5000), row(3, 'sms', 'sending', 3000)];
    expect(silenceReason({ numberState: 'engaged', outbox, events: [msg('in'), msg('in', 'sms', false)] }).reason).toBe('deciding');
    expect(silenceReason({ numberState: 'engaged', outbox, events: [msg('in')] })).toEqual({ reason: 'review', outbox: 1, dueMs: 1000 });
    expect(silenceReason({ numberState: 'engaged', outbox: outbox.slice(1), events: [msg('in')] })).toEqual({ reason: 'waiting', kind: 'sms', state: 'sending', outbox: 3, dueMs: 3000 });
  });

  it('capped, answering and stalled count messages only: calls, meetings and waits are neither his answer nor ours', () => {
    const engaged = (events: ReturnType<typeof msg>[], outbox: ConversationLog['outbox'] = []) => silenceReason({ numberState: 'engaged', outbox, events });
    expect(engaged([msg('in'), msg('out'), msg('out', 'wait'), msg('out'), msg('in', 'call'), msg('out')])).toEqual({ reason: 'capped', unanswered: 3 });
    expect(engaged([msg('out'), msg('in'), msg('in', 'meeting')])).toEqual({ reason: 'answering', lastReply: null });
    expect(engaged([msg('in'), msg('out'), msg('out', 'wait')], [row(1, 'sms', 'sent'), row(2, 'sms', 'unknown')])).toEqual({ reason: 'stalled', unanswered: 1, lastReply: 'unknown' });
    // a reply that went out is no explanation
    expect(engaged([msg('in'), msg('out'), msg('in')], [row(1, 'sms', 'sent')])).toEqual({ reason: 'answering', lastReply: null });
    // the cap is the schedule's
    expect(silenceReason({ numberState: 'engaged', outbox: [], events: [msg('in'), msg('out')] }, { maxUnanswered: 1 })).toEqual({ reason: 'capped', unanswered: 1 });
  });

  it('counts every reason, and the waiting ones by kind', () => {
    const c = countSilences([{ reason: 'capped', unanswered: 3 }, { reason: 'waiting', kind: 'follow_up', state: 'scheduled', outbox: 1, dueMs: 0 }, { reason: 'capped', unanswered: 4 }]);
    expect(c.silence).toEqual({ not_a_promo: 0, stopped: 0, escalated: 0, denied: 0, deciding: 0, review: 0, waiting: 1, capped: 2, answering: 0, stalled: 0 });
    expect(c.waiting).toEqual({ sms: 0, decide: 0, settle: 0, follow_up: 1 });
  });
});
