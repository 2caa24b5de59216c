// The in-process figure that `loadtest --compare` sets beside the live one: the same dealers
// (episode k is `${seed}:${k}`, as LiveDealer.of draws it), the same policy, and the runtime's
// reading of what they write, so that the two runs measure the same agent and differ only by
// the transport, the runtime's timing and the bot's own rendering and reading back:
//   - every dealer message is read by the runtime's NLU (nlu/classifier.ts): the policy sees the
//     act and language the runtime would store, not the simulator's true act;
//   - hard rule 1: a first message the runtime would not engage on (not a promo at
//     promoThreshold, or a safety flag) is never answered: the episode ends with the promo;
//   - a safety flag later (stop, escalate) silences the bot: the dealer meets one silence
//     (go_silent, when allowed) and the conversation is over, as live where nothing follows.
// The policy still masks by the simulator's preconditions (the runtime masks by its own reading).
import type { DealerAct } from '../../core/acts.js';
import { TACTIC_INDEX } from '../../core/tactics.js';
import { Rng } from '../../lib/random.js';
import type { Classification } from '../../nlu/classifier.js';
import { SimConversation } from '../../trainer/sim/conversation.js';
import type { DealerConfig } from '../../trainer/sim/dealer.js';
import type { PersonaMix } from '../../trainer/sim/persona.js';
import { sampleTactic, type Policy } from '../../trainer/sim/policies/policy.js';
import { episodeResult, summarize, type EpisodeResult, type SimulateSummary } from '../../trainer/sim/simulate.js';

export interface AsRuntimeOptions {
  mix: PersonaMix;
  episodes: number;
  seed: number;
  classifier: { classify(text: string): Pick<Classification, 'act' | 'lang' | 'safety' | 'promo'> };
  /** serve's promoThreshold (runtime/config.ts default 0.7) */
  promoThreshold?: number;
  config?: Partial<DealerConfig>;
  onProgress?: (done: number, total: number) => void;
}

export interface AsRuntimeSummary extends SimulateSummary {
  runtime_reading: {
    /** conversations whose promo the runtime engaged on */
    engaged: number;
    /** conversations the runtime then silenced on a safety flag (stop or escalate) */
    silenced: number;
  };
}

export function simulateAsRuntime(policy: Policy, o: AsRuntimeOptions): AsRuntimeSummary {
  const threshold = o.promoThreshold ?? 0.7;
  const conv = new SimConversation({ mix: o.mix, config: { ...o.config, text: true } });
  const results: EpisodeResult[] = [];
  let engaged = 0;
  let silenced = 0;
  for (let k = 0; k < o.episodes; k++) {
    const first = conv.reset(`${o.seed}:${k}`);
    const decide = new Rng(`${o.seed}:${k}:policy`);
    const firstMs = first[0]!.tMs;
    let read = 0;
    let flagged = false;
    let lastMs = firstMs;
    // reads what the dealer wrote since the last decision; false when the runtime stops here
    const readNew = (): boolean => {
      for (; read < conv.events.length; read++) {
        const e = conv.events[read]!;
        if (e.direction !== 'in' || (e.kind !== 'sms' && e.kind !== 'mms')) continue;
        const c = o.classifier.classify(e.text ?? '');
        e.act = c.act as DealerAct;
        e.lang = c.lang;
        lastMs = e.tMs;
        if (read === 0 && !(c.safety === null && c.promo >= threshold)) return false;
        if (c.safety !== null) return (flagged = true), false;
      }
      return true;
    };
    if (!readNew()) {
      results.push(episodeResult(conv.sim, firstMs, firstMs));
      o.onProgress?.(k + 1, o.episodes);
      continue;
    }
    engaged++;
    while (!conv.done && readNew()) {
      const { tactic } = sampleTactic(policy, { events: conv.events, mask: conv.mask(), lang: conv.persona.lang, sim: conv.sim }, decide);
      conv.step(tactic);
    }
    if (flagged) {
      silenced++;
      if (!conv.done && conv.mask()[TACTIC_INDEX.go_silent]) conv.step('go_silent');
    }
    const last = conv.events[conv.events.length - 1]!.tMs;
    results.push(episodeResult(conv.sim, firstMs, Math.max(lastMs, last)));
    o.onProgress?.(k + 1, o.episodes);
  }
  return { ...summarize(policy.id, o, results), runtime_reading: { engaged, silenced } };
}
