// Transcripts → LoggedEpisode[]: the bridge from logged conversations to offline RL (BC, CQL)
// and off-policy evaluation. One step per decision of ours (an `out` sms/mms/wait carrying a
// tactic); its reward is the dealer-minutes the dealer spent after it, until our next decision.
//
// Only replies the dealer can have seen are steps (DESIGN.md "Reward: dealer-minutes"): one
// whose gateway reported it `undelivered` or `failed` (transcript v1.3 `delivery`) never reached
// him, so crediting its tactic with the minutes that follow would reward a tactic for what the
// previous one did; those minutes go to the previous step. It stays in the history the features
// are built from, because the live policy saw it there when it decided next (the propensities
// are only valid at the features it saw). A reply with no delivery state — `accepted`, `queued`,
// or no field (logs before 1.3, imports, the simulator) — is unknown and counted as sent: the
// gateway took it, and most replies arrive; `undelivered` says how many were left out.
import { InputError } from '../lib/errors.js';
import { isDecision, toObservedEvent, type ObservedEventOptions } from '../core/features/replay.js';
import type { ObservationEncoder, ObservedEvent } from '../core/observation.js';
import { initialPreconditionState, tacticMask, updatePreconditionState } from '../core/preconditions.js';
import { eventMinutes } from '../core/reward.js';
import { TACTIC_INDEX, isTactic } from '../core/tactics.js';
import { reachedDealer, type TranscriptEvent } from '../core/transcript.js';
import type { LoggedEpisode, LoggedStep } from './episodes.js';

export interface LocatedEvent {
  event: TranscriptEvent;
  /** where the event came from, for error messages */
  file: string;
  line: number;
}

export interface EpisodeBuildOptions {
  createEncoder: () => ObservationEncoder;
  /** propensities are required (evaluation) or optional (behaviour cloning) */
  requirePropensity?: boolean;
  /** the same language detector the runtime uses, so replayed and live features agree */
  observe?: ObservedEventOptions;
  /** attach each step's event history (evaluating a baseline policy, which reads events) */
  keepHistory?: boolean;
}

export interface EpisodeBuildResult {
  episodes: LoggedEpisode[];
  /** conversations left out because they contain decisions without a tactic (label them first) */
  unlabelled: number;
  /** conversations with no decision of ours at all */
  noDecisions: number;
  /** replies left out as steps because their gateway reported them undelivered or failed */
  undelivered: number;
  /** for each episode, where each step came from (same shape as episodes[i].steps) */
  origins: { file: string; line: number }[][];
}

/**
 * Builds episodes from conversations (each sorted by ts). Throws InputError (file:line) for a
 * tactic outside tactics v1 or, when required, a missing propensity.
 */
export function buildEpisodes(conversations: Iterable<[string, LocatedEvent[]]>, opts: EpisodeBuildOptions): EpisodeBuildResult {
  const encoder = opts.createEncoder();
  const episodes: LoggedEpisode[] = [];
  const origins: { file: string; line: number }[][] = [];
  let unlabelled = 0;
  let noDecisions = 0;
  let undelivered = 0;

  conversations: for (const [id, events] of conversations) {
    encoder.reset();
    const pre = initialPreconditionState();
    const steps: LoggedStep[] = [];
    const where: { file: string; line: number }[] = [];
    const observed: ObservedEvent[] = [];
    let initialReward = 0;
    for (const { event: e, file, line } of events) {
      const unseen = isDecision(e) && !reachedDealer(e.delivery);
      if (unseen) undelivered++;
      if (isDecision(e) && !unseen) {
        if (e.tactic === undefined) {
          unlabelled++;
          continue conversations;
        }
        if (!isTactic(e.tactic)) throw new InputError(file, line, `unknown tactic "${e.tactic}"`);
        if (opts.requirePropensity && e.propensity === undefined) {
          throw new InputError(file, line, `decision "${e.tactic}" has no propensity (log with --epsilon, or use --estimate-behaviour)`);
        }
        const obs = new Float32Array(encoder.size);
        encoder.write(obs, 0);
        const step: LoggedStep = { obs, mask: tacticMask(pre), action: TACTIC_INDEX[e.tactic], propensity: e.propensity, reward: 0 };
        if (opts.keepHistory) step.history = { events: observed, length: observed.length };
        steps.push(step);
        where.push({ file, line });
      } else {
        const r = eventMinutes(e);
        if (steps.length) steps[steps.length - 1]!.reward += r;
        else initialReward += r;
      }
      const o = toObservedEvent(e, opts.observe);
      encoder.push(o);
      if (opts.keepHistory) observed.push(o);
      updatePreconditionState(pre, e);
    }
    if (!steps.length) {
      noDecisions++;
      continue;
    }
    episodes.push({ id, steps, initialReward });
    origins.push(where);
  }
  return { episodes, unlabelled, noDecisions, undelivered, origins };
}

export interface FileEpisodes extends EpisodeBuildResult {
  conversations: number;
}

/**
 * Reads a transcript file into episodes. A line that fails the schema stops everything with its
 * file:line (nothing half-evaluated); languages are read by the NLU as the runtime does.
 */
export async function loadEpisodesFromFile(
  file: string,
  opts: Omit<EpisodeBuildOptions, 'observe'> & {
    /** a decision without a tactic is an error (training) rather than a left-out conversation */
    rejectUnlabelled?: boolean;
  },
): Promise<FileEpisodes> {
  const { readTranscript } = await import('../transcripts/read.js');
  const { loadClassifier } = await import('../nlu/classifier.js');
  const t = await readTranscript(file);
  const bad = t.rejects[0];
  if (bad) throw new InputError(bad.file, bad.line ?? bad.offset, `${bad.reason}${t.rejects.length > 1 ? ` (and ${t.rejects.length - 1} more bad rows)` : ''}`);
  const by = new Map<string, LocatedEvent[]>();
  t.events.forEach((event, i) => {
    if (opts.rejectUnlabelled && isDecision(event) && event.tactic === undefined) {
      throw new InputError(file, t.eventLines[i]!, `decision without a tactic in conversation ${event.conversation}; label the tactics first (dealerbot data label) or train on labelled logs`);
    }
    let list = by.get(event.conversation);
    if (!list) by.set(event.conversation, (list = []));
    list.push({ event, file, line: t.eventLines[i]! });
  });
  for (const list of by.values()) list.sort((a, b) => Date.parse(a.event.ts) - Date.parse(b.event.ts));
  const nlu = loadClassifier();
  const r = buildEpisodes(by, { ...opts, observe: { detectLang: (text) => nlu.classify(text).lang } });
  return { ...r, conversations: by.size };
}
