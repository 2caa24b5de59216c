// `status` says why the bot is silent: conversations per reason (silence-reason.ts) and, of the
// waiting ones, per kind of row; the text line shows the reasons that hold, most first.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../engine/clock.js';
import { fakeBrain } from '../test-fixtures/fake-brain.js';
import { harness } from '../test-fixtures/harness.js';
import { silenceLine } from './operator-commands.js';
import { status } from './operator.js';

const NOON = Date.UTC(2026, 0, 5, 11, 0, 0);
const HOUR = 3_600_000;

describe('status: why the bot is silent', () => {
  it('counts conversations per reason, and the waiting ones per kind', async () => {
    const h = harness({ clock: new ManualClock(NOON), brain: fakeBrain({ prefer: 'ask_price' }) });
    h.say('+32470000001', 'coke te koop');
    await h.run(4 * 24 * HOUR); // capped
    h.say('+32470000002', 'coke te koop');
    h.say('+32470000003', 'weed te koop');
    await h.run(HOUR); // both replies sent: follow-ups scheduled
    h.say('+32470000004', 'hey'); // not a promo
    h.say('+32470000005', 'coke te koop'); // a reply on its way
    h.say('+32470000006', 'coke te koop');
    h.say('+32470000006', 'stop');
    const st = status(h.store, h.clock.now());
    expect(st.silence).toEqual({ not_a_promo: 1, stopped: 1, escalated: 0, denied: 0, deciding: 0, review: 0, waiting: 3, capped: 1, answering: 0, stalled: 0 });
    expect(st.waiting).toEqual({ sms: 1, decide: 0, settle: 0, follow_up: 2 });
    expect(silenceLine(st)).toBe('waiting 3 (follow_up 2, sms 1), not_a_promo 1, stopped 1, capped 1');
  });

  it('says so when there is no conversation yet', () => {
    const st = status(harness().store, NOON);
    expect(Object.values(st.silence).every((n) => n === 0)).toBe(true);
    expect(silenceLine(st)).toBe('no conversations');
  });
});
