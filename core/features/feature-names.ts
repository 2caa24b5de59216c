// State features v1: the named dimensions, in vector order. A policy bundle stores this list and
// FEATURES_VERSION; the loader refuses a bundle whose list differs. Any change here (order,
// meaning, scaling) bumps FEATURES_VERSION. Every name is documented in docs/features.md.
import { DEALER_ACTS } from '../acts.js';
import { TACTICS } from '../tactics.js';

export const FEATURES_VERSION = 1;

export const FEATURE_NAMES: readonly string[] = Object.freeze([
  // turn counts
  'in_msgs_log',
  'out_msgs_log',
  'decisions_log',
  'waits_log',
  'unanswered_in_log',
  'last_event_in',
  // time
  'elapsed_hours_log',
  'since_last_in_min_log',
  'since_last_out_min_log',
  'hour_sin',
  'hour_cos',
  // last dealer acts
  ...DEALER_ACTS.map((a) => `last_act_${a}`),
  ...DEALER_ACTS.map((a) => `prev_act_${a}`),
  // tactic history and repetition
  ...TACTICS.map((t) => `tactic_count_${t}_log`),
  ...TACTICS.map((t) => `last_tactic_${t}`),
  'last_tactic_repeats_log',
  'distinct_tactics_frac',
  // meeting state (core/preconditions.ts)
  'meeting_proposed',
  'meeting_confirmed',
  'price_seen',
  'silent',
  'meetings_log',
  // suspicion signals
  'suspicion_log',
  'annoyed_log',
  'suspicion_share',
  'in_since_suspicion_log',
  // message lengths and latencies
  'last_in_chars_log',
  'mean_in_chars_log',
  'last_in_latency_min_log',
  'mean_in_latency_min_log',
  'last_out_latency_min_log',
  // language
  'lang_nl',
  'lang_en',
  'nl_share',
  // calls
  'calls_in_log',
  'calls_out_log',
  'missed_calls_log',
  'call_minutes_log',
]);

export const FEATURE_SIZE = FEATURE_NAMES.length;

/** Index of a named dimension (throws on a typo, so tests and docs cannot drift silently). */
export function featureIndex(name: string): number {
  const i = FEATURE_NAMES.indexOf(name);
  if (i < 0) throw new Error(`unknown feature "${name}"`);
  return i;
}
