// `train --data F`: a transcript file → LoggedEpisode[] with the real feature encoder. Bad rows
// and decisions without a tactic are errors naming file and line, never silently dropped.
import { InputError } from '../../data/errors.js';
import { createEncoder, isDecision } from '../../data/features/index.js';
import { readTranscript } from '../../data/read-transcript.js';
import { eventTimeMs } from '../../data/transcript.js';
import type { LoggedEpisode } from '../episodes.js';
import { buildEpisodes, type LocatedEvent } from '../logged-episodes.js';

export interface LoggedData {
  episodes: LoggedEpisode[];
  conversations: number;
  decisions: number;
  /** conversations without any decision of ours (nothing to learn from) */
  noDecisions: number;
}

export async function loadLoggedEpisodes(file: string): Promise<LoggedData> {
  const { events, eventLines, rejects } = await readTranscript(file);
  const bad = rejects[0];
  if (bad) throw new InputError(file, bad.line, `${bad.reason}${rejects.length > 1 ? ` (and ${rejects.length - 1} more bad rows)` : ''}`);
  const byConv = new Map<string, LocatedEvent[]>();
  events.forEach((event, i) => {
    const line = eventLines[i]!;
    if (isDecision(event) && event.tactic === undefined) {
      throw new InputError(file, line, `decision without a tactic in conversation ${event.conversation}; label the tactics first (dealerbot data label) or train on labelled logs`);
    }
    let list = byConv.get(event.conversation);
    if (!list) byConv.set(event.conversation, (list = []));
    list.push({ event, file, line });
  });
  for (const list of byConv.values()) list.sort((a, b) => eventTimeMs(a.event) - eventTimeMs(b.event));
  const built = buildEpisodes(byConv, { createEncoder });
  const decisions = built.episodes.reduce((n, e) => n + e.steps.length, 0);
  if (!decisions) throw new InputError(file, undefined, 'no decisions of ours (out sms/mms/wait with a tactic) to learn from');
  return { episodes: built.episodes, conversations: byConv.size, decisions, noDecisions: built.noDecisions };
}
