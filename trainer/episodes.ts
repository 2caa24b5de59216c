// Logged decisions as episodes: the form offline RL (BC, CQL) and off-policy evaluation read.
// One step per decision of ours; its reward is the dealer-minutes earned until the next decision.
import type { ObservedEvent } from '../core/observation.js';

export interface LoggedStep {
  obs: Float32Array;
  mask: Uint8Array;
  action: number;
  /** probability with which the logging policy chose `action`; undefined when not logged */
  propensity?: number;
  reward: number;
  /**
   * The conversation as observed up to this decision, events[0 .. length): kept only when asked
   * (`keepHistory`), for target policies that read events rather than features (the baselines).
   * Shared by the conversation's steps, not copied.
   */
  history?: { events: readonly ObservedEvent[]; length: number };
}

export interface LoggedEpisode {
  id: string;
  steps: LoggedStep[];
  /** reward earned before the first decision (the dealer's promo): counted in values, not learnable */
  initialReward?: number;
}
