import { describe, expect, it } from 'vitest';
import { readBack, summarizeWaits, type SentReply, type WaitEvent } from './waits.js';

const MIN = 60_000;
const inn = (m: number): WaitEvent => ({ direction: 'in', kind: 'sms', ts_ms: m * MIN });
const out = (m: number, kind = 'sms'): WaitEvent => ({ direction: 'out', kind, ts_ms: m * MIN });
const reply = (created: number, due: number, sent: number, tactic: string | null = 'ask_menu', text = 'wa hebt ge allemaal?'): SentReply => ({ created_ms: created * MIN, due_ms: due * MIN, sent_ms: sent * MIN, tactic, text });

describe('summarizeWaits', () => {
  it('counts each dealer turn once and names why a long wait happened', () => {
    const convs = [
      // answered in 3 minutes
      { events: [inn(0), out(3)], sent: [reply(2, 3, 3)] },
      // a burst of two is one turn; the reply left 150 minutes after its due time
      { events: [inn(0), inn(1), out(153)], sent: [reply(2, 3, 153)] },
      // held by the quiet hours: due 7 h after the decision
      { events: [inn(0), out(420)], sent: [reply(2, 420, 420)] },
      // the policy's silence, then nothing
      { events: [inn(0), out(2, 'wait')], sent: [] },
      // nothing at all
      { events: [inn(0)], sent: [] },
    ];
    const s = summarizeWaits(convs, { timeScale: 3000, silenceMinutes: 120, binSeconds: 20 });
    expect(s.turns).toBe(5);
    expect(s.long_waits).toBe(4);
    expect(s.causes).toEqual({ late_send: 1, late_decision: 0, held: 1, go_silent: 1, no_reply: 1, other: 0 });
    expect(s.held_replies).toBe(1);
    // 20 s of wall at 3000x is 1,000 simulated minutes: one bin; lateness 0, 150 and 0 minutes
    expect(s.lateness).toEqual([{ from_s: 0, n: 3, p50_min: 0, p90_min: expect.any(Number) }]);
    expect(s.lateness[0]!.p90_min).toBeGreaterThan(100);
  });
});

describe('readBack', () => {
  it('is the share of replies the matcher reads as the tactic chosen', () => {
    const r = readBack([reply(0, 0, 0, 'ask_menu', 'wa hebt ge allemaal?'), reply(0, 0, 0, 'ask_call', 'wa hebt ge allemaal?'), reply(0, 0, 0, null, 'ok')]);
    expect(r.by_tactic.ask_menu).toEqual({ n: 1, share: 1 });
    expect(r.by_tactic.ask_call).toEqual({ n: 1, share: 0 });
    expect(r.share).toBe(0.5);
  });
});
