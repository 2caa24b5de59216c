import { describe, expect, it } from 'vitest';
import { TacticMatcher } from '../../transcripts/label/tactic-matcher.js';
import { SimConversation } from '../../trainer/sim/conversation.js';
import { dealerText } from '../../trainer/sim/dealer-text.js';
import { defaultPersonaMix } from '../../trainer/sim/persona.js';
import { baselinePolicy } from '../../trainer/sim/policies/index.js';
import { simulatePolicy } from '../../trainer/sim/simulate.js';
import { simulateAsRuntime } from './in-process.js';
import { LiveDealer } from './live-dealer.js';

const mix = defaultPersonaMix();
const reads = (r: { promo: number; safety?: 'stop' | 'escalate' | null }) => ({ act: 'other' as const, lang: 'nl' as const, safety: r.safety ?? null, promo: r.promo });

describe('the in-process run beside loadtest', () => {
  it('live dealer k is in-process dealer k: same persona, same promo', () => {
    const matcher = new TacticMatcher();
    const text = dealerText();
    const conv = new SimConversation({ mix, config: { text: true } });
    for (let k = 0; k < 20; k++) {
      const first = conv.reset(`4:${k}`).map((e) => e.text);
      const live = LiveDealer.of(mix, `4:${k}`, matcher, text);
      expect(live.start().map((m) => m.text)).toEqual(first);
      expect(live.persona.id).toBe(conv.persona.id);
    }
  });

  it('live dealer k writes his promo at the local time in-process dealer k does, on the bot\'s clock', () => {
    const matcher = new TacticMatcher();
    const text = dealerText();
    const conv = new SimConversation({ mix, config: { text: true } });
    const DAY = 86_400_000;
    // the live script's clockStart, Monday 17:00 local, on the wall clock (bot-clock.ts)
    const botNow = Date.UTC(2026, 11, 7, 17, 0);
    const hours = new Set<number>();
    for (let k = 0; k < 40; k++) {
      const first = conv.reset(`7:${k}`);
      const [promo] = LiveDealer.of(mix, `7:${k}`, matcher, text).start(botNow);
      expect(promo!.text).toBe(first[0]!.text);
      // within the next day, at the same local time of day (the conversation keeps whole ms)
      expect(promo!.afterMs).toBeGreaterThanOrEqual(0);
      expect(promo!.afterMs).toBeLessThan(DAY);
      expect(Math.abs(((botNow + promo!.afterMs) % DAY) - (first[0]!.tMs % DAY))).toBeLessThan(1);
      hours.add(Math.floor(((botNow + promo!.afterMs) % DAY) / 3_600_000));
    }
    // the promos spread over the simulator's daytime hours (DEALER.start), not all at 17:00
    expect(hours.size).toBeGreaterThan(6);
  });

  it('with a reading that engages every promo and flags nothing, the random policy scores exactly as simulate --text', () => {
    // the random policy ignores acts, so rewriting them with the reading changes nothing
    const policy = baselinePolicy('random');
    const a = simulateAsRuntime(policy, { mix, episodes: 60, seed: 9, classifier: { classify: () => reads({ promo: 1 }) } });
    const b = simulatePolicy(policy, { mix, episodes: 60, seed: 9, text: true });
    expect(a.dealer_minutes).toEqual(b.dealer_minutes);
    expect(a.runtime_reading).toEqual({ engaged: 60, silenced: 0 });
  });

  it('a promo below promoThreshold is never answered; a safety flag later silences the bot', () => {
    const policy = baselinePolicy('heuristic');
    const none = simulateAsRuntime(policy, { mix, episodes: 30, seed: 2, classifier: { classify: () => reads({ promo: 0.69 }) } });
    expect(none.runtime_reading.engaged).toBe(0);
    expect(none.decisions).toBe(0);
    let n = 0;
    // every other message read is an opt-out
    const stopSecond = { classify: () => reads({ promo: 1, safety: n++ % 2 === 1 ? 'stop' : null }) };
    const all = simulateAsRuntime(policy, { mix, episodes: 30, seed: 2, classifier: { classify: () => reads({ promo: 1 }) } });
    const stopped = simulateAsRuntime(policy, { mix, episodes: 30, seed: 2, classifier: stopSecond });
    expect(stopped.runtime_reading.silenced).toBeGreaterThan(0);
    expect(stopped.dealer_minutes.mean).toBeLessThan(all.dealer_minutes.mean);
    expect(stopped.decisions).toBeLessThan(all.decisions);
  });
});
