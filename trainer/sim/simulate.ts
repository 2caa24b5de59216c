// simulatePolicy: runs conversations of simulated dealers against a policy and summarises them
// the way DESIGN.md's `simulate --json` does. The trainer calls it with a learned policy.
import { createHash } from 'node:crypto';
import { meanCi95 } from '../../lib/ci.js';
import { DEFAULT_REWARD } from '../../core/reward.js';
import { Rng } from '../../lib/random.js';
import { normalizeEvent, type TranscriptEvent } from '../../core/transcript.js';
import { SimConversation } from './conversation.js';
import type { DealerConfig, DealerSim } from './dealer.js';
import type { PersonaMix } from './persona.js';
import { sampleTactic, withEpsilon, type Policy } from './policies/policy.js';

export interface SimulateOptions {
  mix: PersonaMix;
  episodes: number;
  seed: number;
  epsilon?: number;
  /** render text (also forced on when `onConversation` is given, so logs carry real messages) */
  text?: boolean;
  config?: Partial<DealerConfig>;
  /** receives each conversation as transcript v1 events */
  onConversation?: (events: TranscriptEvent[]) => void;
  /** called after each episode (progress on stderr for long runs) */
  onProgress?: (done: number, total: number) => void;
}

export interface SimulateSummary {
  policy: string;
  episodes: number;
  seed: number;
  personas: string;
  dealer_minutes: { mean: number; ci95: [number, number] };
  dealer_messages: number;
  calls: number;
  no_shows: number;
  /** share of all dealer-minutes that came from no-shows, and from a second or later no-show */
  no_show_share: number;
  repeat_no_show_share: number;
  burn_rate: number;
  span_hours: number;
  decisions: number;
  truncated_rate: number;
  by_persona: Record<string, { episodes: number; dealer_minutes: { mean: number; ci95: [number, number] } }>;
}

export interface EpisodeResult {
  persona: string;
  minutes: number;
  messages: number;
  calls: number;
  noShows: number;
  burned: boolean;
  truncated: boolean;
  spanHours: number;
  decisions: number;
}

/** An ended conversation's figures (one definition for in-process, live and report runs). */
export function episodeResult(s: DealerSim, firstMs: number, lastMs: number): EpisodeResult {
  return {
    persona: s.persona.id,
    minutes: s.minutes,
    messages: s.messages,
    calls: s.calls,
    noShows: s.noShows,
    burned: s.burned,
    truncated: s.truncated,
    spanHours: (lastMs - firstMs) / 3_600_000,
    decisions: s.decisions,
  };
}

/** Runs one conversation; returns its figures and (when asked) its transcript. */
export function runEpisode(
  conv: SimConversation,
  policy: Policy,
  seed: number,
  episode: number,
  wantTranscript: boolean,
): { result: EpisodeResult; transcript?: TranscriptEvent[] } {
  const first = conv.reset(`${seed}:${episode}`);
  const decide = new Rng(`${seed}:${episode}:policy`);
  const propensities: number[] = [];
  const firstMs = first[0]!.tMs;
  while (!conv.done) {
    const view = { events: conv.events, mask: conv.mask(), lang: conv.persona.lang, sim: conv.sim };
    const { tactic, propensity } = sampleTactic(policy, view, decide);
    propensities.push(propensity);
    conv.step(tactic);
  }
  const result = episodeResult(conv.sim, firstMs, conv.events[conv.events.length - 1]!.tMs);
  if (!wantTranscript) return { result };
  return { result, transcript: transcriptOf(conv, policy.id, seed, episode, propensities) };
}

export function simulatePolicy(policy: Policy, opts: SimulateOptions): SimulateSummary {
  const logging = opts.onConversation !== undefined;
  const conv = new SimConversation({ mix: opts.mix, config: { ...opts.config, text: opts.text || logging || opts.config?.text } });
  const pol = withEpsilon(policy, opts.epsilon ?? 0);
  const results: EpisodeResult[] = [];
  for (let i = 0; i < opts.episodes; i++) {
    const { result, transcript } = runEpisode(conv, pol, opts.seed, i, logging);
    results.push(result);
    if (transcript) opts.onConversation!(transcript);
    opts.onProgress?.(i + 1, opts.episodes);
  }
  return summarize(policy.id, opts, results);
}

export function summarize(policyId: string, opts: Pick<SimulateOptions, 'episodes' | 'seed' | 'mix'>, results: EpisodeResult[]): SimulateSummary {
  const n = results.length;
  const mean = (f: (r: EpisodeResult) => number) => results.reduce((a, r) => a + f(r), 0) / n;
  const dm = meanCi95(results.map((r) => r.minutes));
  const total = results.reduce((a, r) => a + r.minutes, 0);
  const noShowTotal = results.reduce((a, r) => a + r.noShows, 0);
  const repeatTotal = results.reduce((a, r) => a + Math.max(0, r.noShows - 1), 0);
  const byPersona: SimulateSummary['by_persona'] = {};
  for (const { persona } of opts.mix.personas) {
    const mins = results.filter((r) => r.persona === persona.id).map((r) => r.minutes);
    if (mins.length === 0) continue;
    const c = meanCi95(mins);
    byPersona[persona.id] = { episodes: mins.length, dealer_minutes: { mean: c.mean, ci95: c.ci95 } };
  }
  return {
    policy: policyId,
    episodes: n,
    seed: opts.seed,
    personas: opts.mix.name,
    dealer_minutes: { mean: dm.mean, ci95: dm.ci95 },
    dealer_messages: mean((r) => r.messages),
    calls: mean((r) => r.calls),
    no_shows: mean((r) => r.noShows),
    no_show_share: total ? (noShowTotal * DEFAULT_REWARD.noShow) / total : 0,
    repeat_no_show_share: total ? (repeatTotal * DEFAULT_REWARD.noShow) / total : 0,
    burn_rate: mean((r) => (r.burned ? 1 : 0)),
    span_hours: mean((r) => r.spanHours),
    decisions: mean((r) => r.decisions),
    truncated_rate: mean((r) => (r.truncated ? 1 : 0)),
    by_persona: byPersona,
  };
}

/** The counterpart pseudonym of a simulated conversation: `p_` + 16 hex of sha256(seed:episode). */
export function simCounterpart(seed: number, episode: number): string {
  return 'p_' + createHash('sha256').update(`dealerbot-sim:${seed}:${episode}`).digest('hex').slice(0, 16);
}

/** A finished (or running) conversation as transcript v1 events; `propensities` per decision, in order. */
export function transcriptOf(conv: SimConversation, policyId: string, seed: number, episode: number, propensities: readonly number[]): TranscriptEvent[] {
  const conversation = `sim-${seed}-${episode}`;
  const counterpart = simCounterpart(seed, episode);
  const source = `sim:seed=${seed}:persona=${conv.persona.id}`;
  const out: TranscriptEvent[] = [];
  let d = 0;
  for (const e of conv.events) {
    const ev: TranscriptEvent = {
      conversation,
      counterpart,
      ts: new Date(e.tMs).toISOString(),
      direction: e.direction,
      kind: e.kind,
      text: e.text ?? '',
      source,
    };
    if (e.direction === 'out') {
      ev.tactic = e.tactic!;
      ev.propensity = propensities[d++]!;
      ev.policy = policyId;
    } else {
      ev.act = e.act!;
      if (e.kind === 'call') ev.duration_s = e.duration_s ?? 0;
      // what the policy's features were computed from, so that replay sees the same state
      if ((e.kind === 'sms' || e.kind === 'mms') && e.lang) ev.lang = e.lang;
    }
    out.push(normalizeEvent(ev));
  }
  return out;
}

