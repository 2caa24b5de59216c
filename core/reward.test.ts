import { describe, expect, it } from 'vitest';
import { eventMinutes, summarizeConversation } from './reward.js';
import type { TranscriptEvent } from './transcript.js';

const base = { conversation: 'c1', counterpart: 'p_0123456789abcdef', text: '' } as const;

describe('dealer-minutes', () => {
  it('counts dealer messages, calls and no-shows, never our own events', () => {
    const events: TranscriptEvent[] = [
      { ...base, ts: '2026-10-03T21:00:00.000Z', direction: 'in', kind: 'sms', text: 'x'.repeat(150) },
      { ...base, ts: '2026-10-03T21:01:00.000Z', direction: 'out', kind: 'sms', text: 'hallo' },
      { ...base, ts: '2026-10-03T21:02:00.000Z', direction: 'in', kind: 'call', duration_s: 90 },
      { ...base, ts: '2026-10-03T21:03:00.000Z', direction: 'in', kind: 'call', duration_s: 0 },
      { ...base, ts: '2026-10-03T23:00:00.000Z', direction: 'in', kind: 'meeting' },
    ];
    const s = summarizeConversation(events);
    expect(s.dealer_minutes).toBeCloseTo(1.5 + 2 + 0.5 + 20, 10);
    expect(s).toMatchObject({ dealer_messages: 1, calls: 2, no_shows: 1, span_hours: 2 });
  });

  it('counts characters, not UTF-16 units, so an emoji is one character', () => {
    expect(eventMinutes({ direction: 'in', kind: 'sms', text: '🔥' })).toBeCloseTo(0.5 + 1 / 150, 12);
  });
});
