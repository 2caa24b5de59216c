// Reward: dealer-minutes (DESIGN.md). The one implementation; trainer, simulator, stats and
// evaluation all call it so that "a dealer-minute" means the same thing everywhere.
import type { TranscriptEvent } from './transcript.js';

export interface RewardConfig {
  /** minutes per dealer SMS/MMS, plus chars / charsPerMinute */
  messageBase: number;
  charsPerMinute: number;
  /** minutes per dealer call, plus duration_s / 60 (a missed call counts its base) */
  callBase: number;
  /** minutes per meeting the dealer went to while we did not */
  noShow: number;
}

export const DEFAULT_REWARD: Readonly<RewardConfig> = Object.freeze({
  messageBase: 0.5,
  charsPerMinute: 150,
  callBase: 0.5,
  noShow: 20,
});

type RewardEvent = Pick<TranscriptEvent, 'direction' | 'kind'> & { text?: string; duration_s?: number };

/** Dealer-minutes one event is worth. Only the dealer's own (`in`) events count. */
export function eventMinutes(e: RewardEvent, cfg: RewardConfig = DEFAULT_REWARD): number {
  if (e.direction !== 'in') return 0;
  switch (e.kind) {
    case 'sms':
    case 'mms':
      return cfg.messageBase + [...(e.text ?? '')].length / cfg.charsPerMinute;
    case 'call':
      return cfg.callBase + (e.duration_s ?? 0) / 60;
    case 'meeting':
      return cfg.noShow;
    default:
      return 0;
  }
}

/** Same as eventMinutes for an SMS of `chars` characters, for act-level simulation. */
export function messageMinutes(chars: number, cfg: RewardConfig = DEFAULT_REWARD): number {
  return cfg.messageBase + chars / cfg.charsPerMinute;
}

export interface ConversationSummary {
  dealer_minutes: number;
  dealer_messages: number;
  calls: number;
  no_shows: number;
  span_hours: number;
}

/** Summary of one conversation's events (any order). */
export function summarizeConversation(events: readonly TranscriptEvent[], cfg: RewardConfig = DEFAULT_REWARD): ConversationSummary {
  let minutes = 0;
  let messages = 0;
  let calls = 0;
  let noShows = 0;
  let first = Infinity;
  let last = -Infinity;
  for (const e of events) {
    minutes += eventMinutes(e, cfg);
    const t = Date.parse(e.ts);
    if (t < first) first = t;
    if (t > last) last = t;
    if (e.direction !== 'in') continue;
    if (e.kind === 'sms' || e.kind === 'mms') messages++;
    else if (e.kind === 'call') calls++;
    else if (e.kind === 'meeting') noShows++;
  }
  const span = events.length ? (last - first) / 3_600_000 : 0;
  return { dealer_minutes: minutes, dealer_messages: messages, calls, no_shows: noShows, span_hours: span };
}
