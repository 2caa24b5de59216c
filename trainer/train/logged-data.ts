// `train --data F`: a transcript file → LoggedEpisode[] with the real feature encoder. Bad rows
// and decisions without a tactic are errors naming file and line, never silently dropped.
import { InputError } from '../../lib/errors.js';
import { createEncoder } from '../../core/features/index.js';
import type { LoggedEpisode } from '../episodes.js';
import { loadEpisodesFromFile } from '../logged-episodes.js';

export interface LoggedData {
  episodes: LoggedEpisode[];
  conversations: number;
  decisions: number;
  /** conversations without any decision of ours (nothing to learn from) */
  noDecisions: number;
}

export async function loadLoggedEpisodes(file: string): Promise<LoggedData> {
  const built = await loadEpisodesFromFile(file, { createEncoder, rejectUnlabelled: true });
  const decisions = built.episodes.reduce((n, e) => n + e.steps.length, 0);
  if (!decisions) throw new InputError(file, undefined, 'no decisions of ours (out sms/mms/wait with a tactic) to learn from');
  return { episodes: built.episodes, conversations: built.conversations, decisions, noDecisions: built.noDecisions };
}
