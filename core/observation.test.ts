import { describe, expect, it } from 'vitest';
import { toObservedEvent } from './observation.js';

describe('toObservedEvent', () => {
  it('sees a runtime store row (ts_ms, null columns) as it sees the same event in a transcript', () => {
    const ts = '2026-10-03T21:14:00.000Z';
    const transcript = { ts, direction: 'in', kind: 'sms', text: 'coke te koop', act: 'promo', lang: 'nl' } as const;
    const row = { ts_ms: Date.parse(ts), direction: 'in', kind: 'sms', text: 'coke te koop', act: 'promo', lang: 'nl', tactic: null, duration_s: null } as const;
    expect(toObservedEvent(row)).toEqual(toObservedEvent(transcript));
    expect(toObservedEvent(row)).toEqual({ tMs: Date.parse(ts), direction: 'in', kind: 'sms', text: 'coke te koop', chars: 12, act: 'promo', lang: 'nl' });
  });

  it('leaves out what a row holds as null, and a language on anything but a message', () => {
    const out = { ts_ms: 5, direction: 'out', kind: 'wait', text: '', act: null, tactic: 'go_silent', lang: 'en', duration_s: null } as const;
    expect(toObservedEvent(out)).toEqual({ tMs: 5, direction: 'out', kind: 'wait', text: '', chars: 0, tactic: 'go_silent' });
  });
});
