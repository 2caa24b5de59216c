// What the engine needs from the models and the language parts, as one small interface so the
// engine can be tested with a fake and `load-brain.ts` can plug in the NLU (nlu/), the bundle's
// policy (models/bundle.ts), the catalogue renderer (catalogue/) and its delay profiles.
import type { DealerAct, SafetyFlag } from '../../core/acts.js';
import type { Lang } from '../../core/lang.js';
import type { ObservedEvent } from '../../core/observation.js';
import type { Rng } from '../../lib/random.js';
import type { Tactic } from '../../core/tactics.js';
import type { PlaceInput } from '../../catalogue/persona.js';
import type { ReplyFacts } from '../../catalogue/reply-facts.js';

export interface Classification {
  act: DealerAct;
  confidence: number;
  lang: Lang;
  safety: SafetyFlag;
  /** the first-message promo gate (hard rule 1) on the scale of `promoThreshold`; separate from `act` */
  promo: number;
  /** which rule or score raised `safety` (e.g. "rule threat/men" or "score minor 0.91 ≥ 0.62"); absent without a flag */
  safetyReason?: string;
}

export interface Decision {
  tactic: Tactic;
  /** the policy's probabilities over TACTICS (after masking, temperature and epsilon) */
  probs: ArrayLike<number>;
  /** the feature vector the policy saw; only its hash is stored */
  features?: ArrayLike<number>;
}

/** What the store remembers for the renderer of one conversation. */
export interface RenderMemory {
  /** the renderer's state saved with this conversation's last reply (opaque to the engine), or null */
  state: string | null;
  /** every reply written for this number so far, any conversation, sent or not: its key and text */
  sent: readonly { key: string | null; text: string }[];
}

export interface Rendered {
  text: string;
  /** the no-repeat identity of the text (before typos), stored with the reply */
  key: string | null;
  /** the renderer's state after this reply, to store; null when the renderer keeps none */
  state: string | null;
}

export interface RenderContext {
  conversation: number;
  lang: Lang;
  /** the conversation's meeting place, always one of the operator's `places` */
  place: string;
  events: readonly ObservedEvent[];
  rng: Rng;
  memory: RenderMemory;
  /** the operator's place entry `place` stands for (its per-language forms), when known */
  placeInput?: PlaceInput;
  /** the operator's whole list: a place the dealer names is said back only when it is on it */
  places?: readonly PlaceInput[];
  /** the dialogue state as the renderer reads it (dialogue/state/); absent: tactic body only */
  facts?: ReplyFacts;
  /** what the conversation's persona is drawn from (deployment secret + conversation id) */
  personaSeed?: string;
}

export interface Brain {
  /** id of the deciding policy (the bundle id), written into every decision */
  readonly policyId: string;
  classify(text: string): Classification;
  /** mask: 1 = allowed, in TACTICS order; the chosen tactic must be allowed */
  decide(events: readonly ObservedEvent[], mask: Uint8Array, rng: Rng): Decision;
  /** a reply that repeats none of ctx.memory.sent, continuing from ctx.memory.state */
  render(tactic: Tactic, ctx: RenderContext): Rendered;
  /** human-like delay before sending a tactic's reply; for go_silent, until the next decision */
  delayMs(tactic: Tactic, rng: Rng): number;
}
