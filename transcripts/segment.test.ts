import { describe, expect, it } from 'vitest';
import { type PendingEvent, conversationId, segment } from './segment.js';

const H = 3_600_000;
const D = 24 * H;
const t0 = Date.UTC(2026, 9, 1, 12);
const ev = (counterpart: string, t: number, text: string, direction: 'in' | 'out' = 'in'): PendingEvent => ({ counterpart, t, direction, kind: 'sms', text });
const A = 'p_aaaaaaaaaaaaaaaa';
const B = 'p_bbbbbbbbbbbbbbbb';

describe('segment', () => {
  it('splits one counterpart on gaps longer than gapDays and keeps counterparts apart', () => {
    const s = segment([ev(A, t0 + 14 * D + 1, 'later'), ev(A, t0, 'first'), ev(B, t0 + H, 'other'), ev(A, t0 + 7 * D, 'within 7 days')], 7);
    expect(s.conversations).toBe(3);
    const convs = [...new Set(s.events.map((e) => e.conversation))];
    expect(s.events.map((e) => [convs.indexOf(e.conversation), e.text])).toEqual([
      [0, 'first'],
      [0, 'within 7 days'],
      [1, 'other'],
      [2, 'later'],
    ]);
    expect(s.events[0]!.conversation).toBe(conversationId(A, new Date(t0).toISOString()));
  });

  it('keeps identical events once, in any input order, with the same ids', () => {
    const base = [ev(A, t0, 'hi'), ev(A, t0 + H, 'price?', 'out'), ev(A, t0 + 2 * H, '10e')];
    const once = segment(base.map((e) => ({ ...e })));
    const twice = segment([...base, ...base].reverse().map((e) => ({ ...e })));
    expect(twice.duplicates).toBe(3);
    expect(twice.events).toEqual(once.events);
  });

  it('does not merge different events at the same time', () => {
    const s = segment([ev(A, t0, 'a'), ev(A, t0, 'b'), ev(A, t0, 'a', 'out')]);
    expect(s.events).toHaveLength(3);
    expect(s.duplicates).toBe(0);
  });

  it('keeps the conversation of events read from a transcript', () => {
    const s = segment([{ ...ev(A, t0, 'x'), conversation: 'c_given', ts: new Date(t0).toISOString() }]);
    expect(s.events[0]!.conversation).toBe('c_given');
  });
});
