// Plays a policy against simulated dealers and keeps what a training report shows besides the
// mean: each conversation's length, the tactic chosen in each deal stage, and a few whole
// conversations (text mode) as examples. The summary is the same as `simulate --json`'s.
import { ConversationRenderer } from '../../catalogue/render.js';
import { Rng } from '../../lib/random.js';
import { TACTICS } from '../../core/tactics.js';
import type { TranscriptEvent } from '../../core/transcript.js';
import { SimConversation } from '../sim/conversation.js';
import type { PersonaMix } from '../sim/persona.js';
import { sampleTactic, type Policy } from '../sim/policies/policy.js';
import { episodeResult, summarize, transcriptOf, type EpisodeResult, type SimulateSummary } from '../sim/simulate.js';

export interface PlayOptions {
  mix: PersonaMix;
  episodes: number;
  seed: number;
  /** keep the first N conversations as transcripts (rendered text); default 0 */
  examples?: number;
}

export interface PlayResult {
  summary: SimulateSummary;
  /** dealer messages per conversation */
  lengths: number[];
  /** stage → tactic → decisions */
  tacticsByStage: Record<string, Record<string, number>>;
  examples: TranscriptEvent[][];
}

export function playPolicy(policy: Policy, opts: PlayOptions): PlayResult {
  const wanted = opts.examples ?? 0;
  const conv = new SimConversation({ mix: opts.mix });
  const results: EpisodeResult[] = [];
  const lengths: number[] = [];
  const byStage: Record<string, Record<string, number>> = {};
  const examples: TranscriptEvent[][] = [];
  for (let i = 0; i < opts.episodes; i++) {
    const first = conv.reset(`${opts.seed}:${i}`);
    const decide = new Rng(`${opts.seed}:${i}:policy`);
    const propensities: number[] = [];
    while (!conv.done) {
      const stage = conv.sim.stageName;
      const { tactic, propensity } = sampleTactic(policy, { events: conv.events, mask: conv.mask(), lang: conv.persona.lang }, decide);
      propensities.push(propensity);
      const row = (byStage[stage] ??= {});
      row[TACTICS[tactic]!] = (row[TACTICS[tactic]!] ?? 0) + 1;
      conv.step(tactic);
    }
    const s = conv.sim;
    results.push(episodeResult(s, first[0]!.tMs, conv.events[conv.events.length - 1]!.tMs));
    lengths.push(s.messages);
  }
  // examples replay the first conversations in text mode (rendering draws its own randomness)
  const texted = new SimConversation({ mix: opts.mix, config: { text: true } });
  for (let i = 0; i < Math.min(wanted, opts.episodes); i++) {
    texted.reset(`${opts.seed}:${i}`);
    const decide = new Rng(`${opts.seed}:${i}:policy`);
    const propensities: number[] = [];
    while (!texted.done) {
      const { tactic, propensity } = sampleTactic(policy, { events: texted.events, mask: texted.mask(), lang: texted.persona.lang }, decide);
      propensities.push(propensity);
      texted.step(tactic);
    }
    // the simulator trains at act level and writes no replies of ours: render them with the
    // catalogue, as the runtime would, so an example reads as a conversation
    const renderer = new ConversationRenderer({ rng: new Rng(`${opts.seed}:${i}:render`) });
    const events = transcriptOf(texted, policy.id, opts.seed, i, propensities);
    for (const e of events) {
      if (e.direction === 'out' && e.kind === 'sms' && e.tactic && !e.text) e.text = renderer.render(e.tactic, texted.persona.lang).text ?? '';
    }
    examples.push(events);
  }
  return { summary: summarize(policy.id, opts, results), lengths, tacticsByStage: byStage, examples };
}
