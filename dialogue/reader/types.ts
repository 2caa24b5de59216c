import type { Lang } from '../../core/lang.js';
// The slot schema of data/dialogue/README.md: what the reader extracts from one dealer message.
// Every slot item has exactly the fields of that schema, so readings compare with the labels as
// they are. Extra information for consumers (spans, masked phone numbers) lives beside the slots.

export const PRODUCTS = ['coke', 'weed', 'hash', 'mdma', 'ket', 'speed', 'lsd', 'mushrooms', 'heroin', 'carts'] as const;
export type Product = (typeof PRODUCTS)[number];

export const UNITS = ['g', 'pill', 'piece'] as const;
export type Unit = (typeof UNITS)[number];

/** `amount` in the currency as written (currency dropped); `qty` units for that amount, or null. */
export interface Price {
  amount: number;
  qty: number | null;
  unit: Unit | null;
  product: Product | null;
}

export interface BonusDeal {
  kind: 'bonus';
  buy: number;
  free: number;
}
export interface DiscountDeal {
  kind: 'discount';
  /** a quantity threshold ("vanaf 5 gram"); null for money thresholds, first orders, referrals */
  min_qty: number | null;
  /** euro off; null when not given as an amount */
  amount_off: number | null;
}
export type Deal = BonusDeal | DiscountDeal;

/** An amount stated or asked about that is not part of a price. */
export interface Quantity {
  qty: number;
  unit: Unit | null;
}

export const DAYS = ['today', 'tonight', 'tomorrow', 'weekend', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Day = (typeof DAYS)[number];

export interface ClockTime {
  kind: 'clock';
  /** 0–23 */
  hour: number;
  minute: number;
  /** present (true) only when a 1–12 hour could be morning or evening */
  ambiguous?: true;
}
export interface RelativeTime {
  kind: 'relative';
  /** minutes from now until the arrival or meeting */
  minutes: number;
}
export interface DayTime {
  kind: 'day';
  day: Day;
}
export type TimeSlot = ClockTime | RelativeTime | DayTime;

export const QUESTION_TYPES = [
  'who_are_you',
  'how_got_number',
  'how_much',
  'what_want',
  'where_are_you',
  'when',
  'are_you_police',
  'are_you_bot',
  'can_call',
  'ready',
  'pay_how',
  'other',
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** A stretch of the original text: `text === message.slice(start, end)`. */
export interface Span {
  text: string;
  start: number;
  end: number;
}

/** The labelled form of data/dialogue/*.jsonl: a key only when the message has that slot. */
export interface Slots {
  products?: Product[];
  prices?: Price[];
  deals?: Deal[];
  quantities?: Quantity[];
  times?: TimeSlot[];
  places?: string[];
  questions?: QuestionType[];
  name?: string;
}

/** What `readMessage` returns: every list present (maybe empty), items deduplicated, in text order. */
export interface Reading {
  /** the language the message was read in (given, or detected) */
  lang: Lang;
  products: Product[];
  prices: Price[];
  deals: Deal[];
  quantities: Quantity[];
  times: TimeSlot[];
  /** exact trimmed substrings of the message (see `placeSpans` for where) */
  places: string[];
  questions: QuestionType[];
  /** the name the dealer gives for himself */
  name: string | null;
  /** where each place sits in the message, same order as `places` */
  placeSpans: Span[];
  /** phone numbers (and IBANs) in the message: never read as prices or times, never to be repeated */
  phoneSpans: Span[];
}
