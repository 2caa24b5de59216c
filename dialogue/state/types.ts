// The dialogue state of one conversation (version 1): what the two sides have said that a reply
// must fit. Rebuilt by a pure fold over the conversation's events (fold.ts), so transcript replay,
// off-policy evaluation and the runtime after a restart see the same state; JSON-safe.
import type { Lang } from '../../core/lang.js';
import type { Product, QuestionType, Unit } from '../reader/types.js';

export const DIALOGUE_STATE_VERSION = 4;

/** A question we must answer: the reader's types, his test of whether we read his prices, and why we write at all. */
export type PendingQuestion = QuestionType | 'price_test' | 'why_write';

/**
 * What a dealer message gave that the next reply must take up besides his questions (v4): a
 * price, a meeting time, a meeting place. A reply that answers only his question, or only asks
 * about quality, right after "2g is 20, om 22u aan de kerk" reads as if it did not hear him.
 */
export type Heard = 'price' | 'time' | 'place';

/** One price the dealer stated (plausible ones only; see offer.ts). */
export interface OfferedPrice {
  product: Product | null;
  amount: number;
  qty: number | null;
  unit: Unit | null;
  /** epoch ms of the dealer message that stated it */
  tMs: number;
}

export interface Offer {
  /** products the dealer named, first-named first */
  products: Product[];
  /** the latest price per (product, qty, unit), in the order first stated */
  prices: OfferedPrice[];
  /** stated amounts left out as implausible ("1000000 euro") */
  implausible: number;
}

/** What we said we want, read from our own sent messages. */
export interface Wanted {
  product: Product | null;
  qty: number | null;
  unit: Unit | null;
}

/**
 * ahead: the agreed time is more than 15 min away · open: from 15 min before to 45 min after it,
 * or the dealer says he is there · past: later than that · none: no time known
 */
export type MeetingPhase = 'none' | 'ahead' | 'open' | 'past';

export interface Meeting {
  /** the place as the dealer last wrote it (kept for matching, never to be repeated) */
  dealerPlace: string | null;
  /** the operator place we last proposed or confirmed (exact list entry), or null */
  ourPlace: string | null;
  /** which side named the place last */
  placeBy: 'dealer' | 'us' | null;
  /**
   * the operator place last named by either side (exact list entry): the one to keep saying.
   * "zelfde plek" or a place of his own does not change it; null until one is named
   */
  listPlace: string | null;
  /** epoch ms of the meeting time, resolved against the message's own clock */
  timeMs: number | null;
  /** a time or place is on the table */
  proposed: boolean;
  /**
   * who put the meeting now on the table last: his new time or place ("laatste kans, morgen 20u
   * zelfde plek?"), or our proposal/reschedule (v3). An agreement does not change it.
   */
  proposedBy: 'dealer' | 'us' | null;
  /** either side fixed it ("ok afgesproken", our confirm_meeting) */
  agreed: boolean;
  /** the dealer says he is at the place now (this meeting) */
  dealerThere: boolean;
  /** this meeting was already counted as a no-show */
  missed: boolean;
  phase: MeetingPhase;
}

export interface Story {
  /** the first name we gave (read from our own texts), or null */
  name: string | null;
  /** what we said about who gave us the number, or null */
  numberSource: string | null;
  /** the text of our last message that carried an excuse, or null */
  lastExcuse: string | null;
  /** how many of our messages carried an excuse */
  excuses: number;
}

export interface DialogueState {
  v: typeof DIALOGUE_STATE_VERSION;
  /** the language the dealer writes in: the majority of his last five readable messages (ties: the latest), or null */
  lang: Lang | null;
  /** the languages of his last five readable messages, oldest first */
  recentLangs: Lang[];
  offer: Offer;
  wanted: Wanted;
  meeting: Meeting;
  /** direct questions of the dealer's messages since our last sent message, each type once */
  pending: PendingQuestion[];
  /** what his messages since our last sent message gave: a price, a time, a place (v4; a promo's list and times give none) */
  heard: Heard[];
  /** the question types of his last message ("so r u?" right after asks them again) */
  lastAsked: PendingQuestion[];
  /** the products of his last message that named any (what "it" is now) */
  lastProducts: Product[];
  /** meetings we did not go to: windows that passed, and the dealer's complaints */
  noShows: number;
  /** a no-show that we have not yet excused in a message (or he complains about one again) */
  noShowUnexcused: boolean;
  /** the no-shows we have excused in a message: a complaint about one of them gets the same story (v2) */
  noShowsExcused: number;
  /**
   * when the last no-show was counted (v3): for two hours after it his "laat maar", "2 keer" are
   * about that one, also once we called the meeting off while he stood there; null before any
   */
  lastNoShowMs: number | null;
  story: Story;
  /** epoch ms of the dealer's last message, of our last sent message (null: none yet) */
  lastInMs: number | null;
  lastOutMs: number | null;
  /** epoch ms the state was computed for (the clock passed in) */
  nowMs: number;
}
