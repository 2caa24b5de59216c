// Per-decision weight normalisers for WPDIS and WDR (Thomas & Brunskill 2016). Episodes of
// different lengths are padded after their end with an absorbing state (reward 0, ρ = 1), so an
// ended conversation keeps its final weight in every later denominator: without that, the
// normalised estimators would over-weight long conversations.
import type { PreparedData } from './prepared-data.js';
import type { Counts } from './statistic.js';

/** D[t] = Σ_i c_i w_{min(t, T_i - 1)}^i for t in [0, maxLen), and D[-1] = Σ_i c_i as `total`. */
export function stepNormalisers(d: PreparedData, counts: Counts): { denominators: Float64Array; total: number } {
  const live = new Float64Array(d.maxLen);
  const ended = new Float64Array(d.maxLen + 1);
  let total = 0;
  for (let i = 0; i < d.n; i++) {
    const c = counts ? counts[i]! : 1;
    if (c === 0) continue;
    total += c;
    const s0 = d.start[i]!;
    const s1 = d.start[i + 1]!;
    for (let s = s0; s < s1; s++) live[s - s0] += c * d.w[s]!;
    ended[s1 - s0] += c * d.episodeWeight[i]!;
  }
  const denominators = new Float64Array(d.maxLen);
  let padded = 0;
  for (let t = 0; t < d.maxLen; t++) {
    padded += ended[t]!;
    denominators[t] = live[t]! + padded;
  }
  return { denominators, total };
}
