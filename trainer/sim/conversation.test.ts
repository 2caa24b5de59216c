import { describe, expect, it } from 'vitest';
import { UsageError } from '../../lib/errors.js';
import { tacticMask } from '../../core/preconditions.js';
import { summarizeConversation } from '../../core/reward.js';
import { TACTICS } from '../../core/tactics.js';
import { parseEvent } from '../../core/transcript.js';
import { SimConversation } from './conversation.js';
import { defaultPersonaMix } from './persona.js';
import { heuristicPolicy } from './policies/heuristic.js';
import { baselinePolicy } from './policies/index.js';
import { randomPolicy } from './policies/random.js';
import { runEpisode } from './simulate.js';

const mix = defaultPersonaMix();

function play(conv: SimConversation, seed: number): string {
  const trace: string[] = [];
  conv.reset(seed);
  let k = 0;
  while (!conv.done) {
    const mask = conv.mask();
    const allowed = TACTICS.map((_, i) => i).filter((i) => mask[i]);
    const r = conv.step(allowed[(k++ * 7) % allowed.length]!);
    trace.push(`${r.reward.toFixed(4)}|${r.elapsedMs.toFixed(0)}|${r.events.map((e) => e.act).join(',')}`);
  }
  return trace.join('\n');
}

describe('SimConversation', () => {
  it('starts with the dealer promo and is deterministic for a seed', () => {
    const a = new SimConversation({ mix });
    const first = a.reset(42);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ direction: 'in', kind: 'sms', act: 'promo' });
    const b = new SimConversation({ mix });
    expect(play(a, 42)).toBe(play(b, 42));
    expect(play(a, 43)).not.toBe(play(a, 42));
  });

  it('masks exactly as core/preconditions.ts does in every state it reaches', () => {
    const c = new SimConversation({ mix });
    let checked = 0;
    for (let s = 0; s < 60; s++) {
      c.reset(s);
      let k = s;
      while (!c.done) {
        const m = c.mask();
        expect(Array.from(m)).toEqual(Array.from(tacticMask(c.sim.pre)));
        checked++;
        const allowed = TACTICS.map((_, i) => i).filter((i) => m[i]);
        c.step(allowed[(k = (k * 31 + 7) % 997) % allowed.length]!);
      }
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('rejects a bad tactic name, a masked tactic and a step after the end', () => {
    const c = new SimConversation({ mix });
    c.reset(1);
    expect(() => c.step('flirt' as never)).toThrow(UsageError);
    expect(() => c.step('flirt' as never)).toThrow(/unknown tactic "flirt" \(valid: show_interest/);
    expect(() => c.step('confirm_meeting')).toThrow(/"confirm_meeting" is not allowed now/);
    while (!c.done) c.step('misunderstand');
    expect(() => c.step('show_interest')).toThrow(/after the conversation ended/);
  });

  it('cuts a conversation at the decision cap as truncated', () => {
    const c = new SimConversation({ mix, config: { maxDecisions: 3 } });
    let truncated = 0;
    for (let s = 0; s < 30; s++) {
      c.reset(s, mix.personas[3]!.persona);
      let r;
      let n = 0;
      do {
        r = c.step(n++ % 2 ? 'small_talk' : 'ask_quality');
      } while (!r.done);
      expect(n).toBeLessThanOrEqual(3);
      if (r.truncated) {
        truncated++;
        expect(r.info.ending).toBe('none');
      }
    }
    expect(truncated).toBeGreaterThan(0);
  });

  it('earns the same dealer-minutes at act level and at text level, equal to core/reward.ts on the transcript', () => {
    const actLevel = new SimConversation({ mix });
    const textLevel = new SimConversation({ mix, config: { text: true } });
    for (let ep = 0; ep < 40; ep++) {
      const a = runEpisode(actLevel, heuristicPolicy(), 9, ep, false).result;
      const { result, transcript } = runEpisode(textLevel, heuristicPolicy(), 9, ep, true);
      expect(result.minutes).toBeCloseTo(a.minutes, 9);
      expect(summarizeConversation(transcript!).dealer_minutes).toBeCloseTo(result.minutes, 9);
      for (const e of transcript!) expect(parseEvent(e).ok).toBe(true);
    }
  });

  it('logs tactic, propensity and policy on every out event and act on every in event', () => {
    const c = new SimConversation({ mix, config: { text: true } });
    const { transcript } = runEpisode(c, randomPolicy(), 5, 3, true);
    expect(transcript!.length).toBeGreaterThan(2);
    for (const e of transcript!) {
      expect(e.counterpart).toMatch(/^p_[0-9a-f]{16}$/);
      if (e.direction === 'out') {
        expect(e.tactic).toBeDefined();
        expect(e.policy).toBe('random');
        expect(e.propensity).toBeGreaterThan(0);
        expect(e.kind).toBe(e.tactic === 'go_silent' ? 'wait' : 'sms');
      } else expect(e.act).toBeDefined();
    }
    const ts = transcript!.map((e) => Date.parse(e.ts));
    expect([...ts].sort((x, y) => x - y)).toEqual(ts);
  });

  it('keeps every conversation in time order (waits, meetings, night replies)', () => {
    const c = new SimConversation({ mix });
    for (const name of ['random', 'heuristic', 'loop']) {
      for (let ep = 0; ep < 150; ep++) {
        runEpisode(c, baselinePolicy(name), 13, ep, false);
        for (let i = 1; i < c.events.length; i++) expect(c.events[i]!.tMs).toBeGreaterThanOrEqual(c.events[i - 1]!.tMs);
      }
    }
  });
});
