// The quality bars of the simulator (docs/simulator.md) on fixed seeds: the decision problem is real.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../lib/random.js';
import { NUM_TACTICS, TACTICS } from '../../../core/tactics.js';
import { defaultPersonaMix, type PersonaMix } from '../persona.js';
import { simulatePolicy, type SimulateSummary } from '../simulate.js';
import { baselinePolicy } from './index.js';
import { sampleTactic, withEpsilon } from './policy.js';

const mix = defaultPersonaMix();
const run = (name: string, episodes: number, seed = 11, m: PersonaMix = mix): SimulateSummary =>
  simulatePolicy(baselinePolicy(name), { mix: m, episodes, seed });

describe('baseline policies on the default mix', () => {
  const random = run('random', 2000);
  const loop = run('loop', 2000);
  const heuristic = run('heuristic', 2000);
  let o400: SimulateSummary | undefined;
  const oracle400 = () => (o400 ??= run('oracle', 400, 5));

  it('heuristic > loop > random with non-overlapping 95% CIs', () => {
    expect(loop.dealer_minutes.ci95[0]).toBeGreaterThan(random.dealer_minutes.ci95[1]);
    expect(heuristic.dealer_minutes.ci95[0]).toBeGreaterThan(loop.dealer_minutes.ci95[1]);
  });

  // The oracle plans 12 steps ahead with a rollout policy that heads for a meeting. Since a dealer
  // stood up once may burn the number and rarely goes again (persona burnAfterNoShow, meeting
  // perNoShow 0.35), rushing to the first no-show costs the rest of the conversation beyond its
  // horizon, so its lead over the heuristic shrank from ≥ 25% to a few percent. With preconditions
  // v2 it is about 5% (22.52 against 21.35 on these 400), and 80 conversations, as before, no longer
  // tell the two apart (21.08 against 23.89). With the meeting window as a phase (2026-12-05) the
  // oracle needed 20 rollouts per tactic instead of 10 to plan the stalls: 20.84 against 20.03
  // (10 rollouts: 19.81, below the heuristic).
  it('oracle is at least as good as heuristic on the same conversations', () => {
    const o = oracle400();
    const h = run('heuristic', 400, 5);
    expect(o.dealer_minutes.mean).toBeGreaterThanOrEqual(h.dealer_minutes.mean);
  });

  it('no single repeated tactic comes within 50% of heuristic, and the best one differs between personas', () => {
    const best = new Map<string, { tactic: string; minutes: number }>();
    for (const t of TACTICS) {
      const s = run(`constant:${t}`, 600, 12);
      expect(s.dealer_minutes.mean).toBeLessThan(0.5 * heuristic.dealer_minutes.mean);
      for (const [persona, v] of Object.entries(s.by_persona)) {
        const b = best.get(persona);
        if (!b || v.dealer_minutes.mean > b.minutes) best.set(persona, { tactic: t, minutes: v.dealer_minutes.mean });
      }
    }
    expect(new Set([...best.values()].map((b) => b.tactic)).size).toBeGreaterThanOrEqual(2);
    // a call is only a missed call (0.5 min) while no gateway can take one, so asking for calls
    // no longer pays off even with the caller
    expect(best.get('caller')!.tactic).not.toBe('ask_call');
  });

  // (the oracle is no longer an upper bound for it: see above)
  // It gained ≥ 8% until preconditions v2 masked two of its alternatives where they only farmed
  // the simulator: ask_location once a meeting is on the table and ask_price once his price was
  // given. Now +5% on the mean (21.54 against 20.48) and clearly above the heuristic at its lower
  // bound; the trained policy (BENCHMARKS.md) is the measure of the headroom.
  it('leaves headroom: an events-only variant of heuristic does better beyond its 95% CI', () => {
    const v = run('varied', 2000);
    expect(v.dealer_minutes.ci95[0]).toBeGreaterThan(heuristic.dealer_minutes.mean);
  });

  it('rejects an unknown policy and a bad constant tactic with the valid names', () => {
    expect(() => baselinePolicy('lenny')).toThrow(/unknown policy "lenny" \(valid: random, loop, heuristic, oracle/);
    expect(() => baselinePolicy('constant:flirt')).toThrow(/unknown tactic "flirt" \(valid: show_interest/);
  });
});

describe('policy interface', () => {
  it('epsilon-greedy spreads epsilon over the allowed tactics and reports propensities', () => {
    const mask = new Uint8Array(NUM_TACTICS).fill(1);
    mask[7] = mask[8] = mask[15] = 0;
    const pol = withEpsilon(baselinePolicy('heuristic'), 0.2);
    const view = { events: [{ tMs: 0, direction: 'in' as const, kind: 'sms' as const, act: 'promo' as const }], mask, lang: 'nl' as const };
    const p = pol.probs(view);
    expect(p[TACTICS.indexOf('ask_menu')]).toBeCloseTo(0.8 + 0.2 / 13, 12);
    expect(p[7]).toBe(0);
    let sum = 0;
    for (let i = 0; i < NUM_TACTICS; i++) sum += p[i]!;
    expect(sum).toBeCloseTo(1, 12);
    const rng = new Rng(1);
    const counts = new Array(NUM_TACTICS).fill(0);
    for (let k = 0; k < 2000; k++) {
      const { tactic, propensity } = sampleTactic(pol, view, rng);
      expect(propensity).toBeCloseTo(p[tactic]!, 12);
      counts[tactic]++;
    }
    expect(counts[TACTICS.indexOf('ask_menu')] / 2000).toBeGreaterThan(0.75);
    expect(counts[7]).toBe(0);
  });

  it('refuses a policy that puts weight on a masked tactic', () => {
    const mask = new Uint8Array(NUM_TACTICS);
    mask[0] = 1;
    const bad = { id: 'bad', probs: () => new Float64Array(NUM_TACTICS).fill(1) };
    expect(() => sampleTactic(bad, { events: [], mask, lang: 'en' }, new Rng(1))).toThrow(/masked tactic ask_menu/);
  });
});
