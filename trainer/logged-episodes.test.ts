import { describe, expect, it } from 'vitest';
import type { ObservationEncoder, ObservedEvent } from '../core/observation.js';
import { TACTIC_INDEX } from '../core/tactics.js';
import type { TranscriptEvent } from '../core/transcript.js';
import { buildEpisodes, type LocatedEvent } from './logged-episodes.js';

// counts events seen so far: enough to check that obs is the state *before* each decision
class CountingEncoder implements ObservationEncoder {
  readonly size = 2;
  readonly names = ['in', 'out'];
  private n = [0, 0];
  reset() {
    this.n = [0, 0];
  }
  push(e: ObservedEvent) {
    this.n[e.direction === 'in' ? 0 : 1]!++;
  }
  write(out: Float32Array, offset = 0) {
    out[offset] = this.n[0]!;
    out[offset + 1] = this.n[1]!;
  }
}

const c = { conversation: 'c1', counterpart: 'p_0123456789abcdef' } as const;
function at(min: number, e: Partial<TranscriptEvent>, line: number): LocatedEvent {
  const ts = new Date(Date.UTC(2026, 9, 3, 21, min)).toISOString();
  return { event: { ...c, ts, direction: 'in', kind: 'sms', text: '', ...e } as TranscriptEvent, file: 'log.jsonl', line };
}

describe('buildEpisodes', () => {
  const convo: LocatedEvent[] = [
    at(0, { act: 'promo', text: 'x'.repeat(150) }, 1),
    at(1, { direction: 'out', tactic: 'ask_menu', propensity: 0.5, text: 'wat hebt ge?' }, 2),
    at(2, { act: 'product', text: '' }, 3),
    at(3, { kind: 'call', duration_s: 60, text: '' }, 4),
    at(4, { direction: 'out', kind: 'wait', tactic: 'go_silent', propensity: 0.25 }, 5),
    at(90, { act: 'where_are_you', text: '' }, 6),
  ];

  it('splits rewards between decisions and snapshots the state before each decision', () => {
    const { episodes, origins } = buildEpisodes([['c1', convo]], { createEncoder: () => new CountingEncoder() });
    expect(episodes).toHaveLength(1);
    const [ep] = episodes;
    expect(ep!.initialReward).toBeCloseTo(1.5, 10);
    expect(ep!.steps.map((s) => s.action)).toEqual([TACTIC_INDEX.ask_menu, TACTIC_INDEX.go_silent]);
    expect(ep!.steps[0]!.reward).toBeCloseTo(0.5 + 1.5, 10); // empty sms + 60 s call
    expect(ep!.steps[1]!.reward).toBeCloseTo(0.5, 10);
    expect(Array.from(ep!.steps[0]!.obs)).toEqual([1, 0]);
    expect(Array.from(ep!.steps[1]!.obs)).toEqual([3, 1]);
    expect(ep!.steps[1]!.mask[TACTIC_INDEX.go_silent]).toBe(1);
    expect(origins[0]!.map((o) => o.line)).toEqual([2, 5]);
  });

  it('names file and line of a decision without propensity when propensities are required', () => {
    const bad = convo.map((x) => (x.line === 5 ? { ...x, event: { ...x.event, propensity: undefined } } : x));
    expect(() => buildEpisodes([['c1', bad]], { createEncoder: () => new CountingEncoder(), requirePropensity: true })).toThrow(
      /log\.jsonl:5: .*no propensity/,
    );
  });

  it('leaves out conversations with unlabelled decisions and counts them', () => {
    const unl = convo.map((x) => (x.line === 2 ? { ...x, event: { ...x.event, tactic: undefined } } : x));
    const r = buildEpisodes([['c1', unl]], { createEncoder: () => new CountingEncoder() });
    expect(r.episodes).toHaveLength(0);
    expect(r.unlabelled).toBe(1);
  });
});

// transcript v1.3 `delivery` (docs/transcript.md): a reply the gateway reported undelivered or
// failed is no step; unknown (accepted, queued, absent) counts as sent.
describe('buildEpisodes and delivery states', () => {
  const convo = (delivery?: TranscriptEvent['delivery']): LocatedEvent[] => [
    at(0, { act: 'promo', text: '' }, 1),
    at(1, { direction: 'out', tactic: 'ask_menu', propensity: 0.5, text: 'wat hebt ge?', delivery: 'delivered' }, 2),
    at(2, { act: 'product', text: '' }, 3),
    at(3, { direction: 'out', tactic: 'haggle', propensity: 0.2, text: 'te duur', ...(delivery ? { delivery } : {}) }, 4),
    at(4, { act: 'price', text: '' }, 5),
  ];

  it.each(['undelivered', 'failed'] as const)('a reply reported %s is no step: the minutes after it go to the step before', (d) => {
    const r = buildEpisodes([['c1', convo(d)]], { createEncoder: () => new CountingEncoder() });
    const ep = r.episodes[0]!;
    expect(ep.steps.map((s) => s.action)).toEqual([TACTIC_INDEX.ask_menu]);
    expect(ep.steps[0]!.reward).toBeCloseTo(1, 10); // both dealer messages after the delivered reply
    expect(r.undelivered).toBe(1);
  });

  it.each([undefined, 'accepted', 'queued', 'sent', 'delivered'] as const)('a reply with delivery %s is a step', (d) => {
    const r = buildEpisodes([['c1', convo(d)]], { createEncoder: () => new CountingEncoder() });
    expect(r.episodes[0]!.steps.map((s) => s.action)).toEqual([TACTIC_INDEX.ask_menu, TACTIC_INDEX.haggle]);
    expect(r.undelivered).toBe(0);
  });

  it('the undelivered reply stays in the history the next features are built from (the live policy saw it)', () => {
    const events = [...convo('undelivered'), at(5, { direction: 'out', tactic: 'reassure', propensity: 0.3, text: 'ok' }, 6)];
    const ep = buildEpisodes([['c1', events]], { createEncoder: () => new CountingEncoder() }).episodes[0]!;
    expect(Array.from(ep.steps[1]!.obs)).toEqual([3, 2]); // 3 in, 2 out before "reassure"
  });
});
