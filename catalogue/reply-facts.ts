// What the renderer needs to know of the conversation to make a reply fit it: the dialogue state
// (dialogue/state/, DialogueState v1) as the runtime hands it over, plus the local clock. The
// catalogue does not import the dialogue room (layout: catalogue sits below it), so this is the
// shape it reads; a DialogueState with `nowLocal` and `meetingLocal` added is one.
import type { Lang } from '../core/lang.js';

export interface LocalClock {
  /** minutes since local midnight */
  minutes: number;
  /** days after the local day of "now" (0 = today) */
  day: number;
}

export interface ReplyFacts {
  nowMs: number;
  /** local time of nowMs (day 0) */
  nowLocal: LocalClock;
  /** local time of meeting.timeMs, or null */
  meetingLocal: LocalClock | null;
  offer: {
    products: readonly string[];
    prices: readonly { product: string | null; amount: number; qty: number | null; unit: string | null; tMs: number }[];
  };
  wanted: { product: string | null; qty: number | null; unit: string | null };
  meeting: {
    dealerPlace: string | null;
    ourPlace: string | null;
    placeBy: 'dealer' | 'us' | null;
    listPlace: string | null;
    timeMs: number | null;
    proposed: boolean;
    agreed: boolean;
    dealerThere: boolean;
    phase: 'none' | 'ahead' | 'open' | 'past';
  };
  pending: readonly string[];
  /** what his messages since our last one gave that the reply must take up: 'price', 'time', 'place' (state v4; absent: nothing) */
  heard?: readonly string[];
  /** the products of his last message that named any */
  lastProducts: readonly string[];
  noShows: number;
  noShowUnexcused: boolean;
  /** no-shows already excused: a new complaint about one gets the excuse we gave (same story) */
  noShowsExcused?: number;
  story: { name: string | null; numberSource: string | null; lastExcuse: string | null; excuses: number };
}

/** How we call each product of the reader (dialogue/reader PRODUCTS), per language. */
export const PRODUCT_WORDS: Readonly<Record<string, Record<Lang, string>>> = {
  coke: { nl: 'coke', en: 'coke' },
  weed: { nl: 'wiet', en: 'weed' },
  hash: { nl: 'hasj', en: 'hash' },
  mdma: { nl: 'pillen', en: 'pills' },
  ket: { nl: 'keta', en: 'ket' },
  speed: { nl: 'speed', en: 'speed' },
  lsd: { nl: 'lsd', en: 'acid' },
  mushrooms: { nl: "paddo's", en: 'shrooms' },
  heroin: { nl: 'bruin', en: 'brown' },
  carts: { nl: 'carts', en: 'carts' },
};

/** What we ask for of a product sold per unit, when we have not said an amount yet. */
export const UNIT_AMOUNTS: Readonly<Record<string, Record<Lang, string>>> = {
  mdma: { nl: '5 pillen', en: '5 pills' },
  lsd: { nl: '2 kartons', en: '2 tabs' },
  carts: { nl: '1 cart', en: '1 cart' },
  mushrooms: { nl: 'ne zak', en: 'a bag' },
};

/** "om 21u30" / "at 9:30pm"; a day after today gets "morgen" / "tomorrow". */
export function formatTime(t: LocalClock, lang: Lang): string {
  const h = Math.floor(t.minutes / 60) % 24;
  const m = t.minutes % 60;
  if (lang === 'nl') {
    const clock = `om ${h}u${m ? String(m).padStart(2, '0') : ''}`;
    return t.day >= 1 ? `morgen ${clock}` : clock;
  }
  const h12 = h % 12 === 0 ? 12 : h % 12;
  const clock = `at ${h12}${m ? ':' + String(m).padStart(2, '0') : ''}${h < 12 ? 'am' : 'pm'}`;
  return t.day >= 1 ? `tomorrow ${clock}` : clock;
}

/** His price as he put it: "5g voor 45", "60 de gram", "3 pillen voor 20", "45". */
export function formatOffer(p: { amount: number; qty: number | null; unit: string | null }, lang: Lang): string {
  const nl = lang === 'nl';
  const { amount, qty, unit } = p;
  if (qty === null || qty <= 0) return String(amount);
  if (unit === 'g') return qty === 1 ? (nl ? `${amount} de gram` : `${amount} a gram`) : nl ? `${qty}g voor ${amount}` : `${qty}g for ${amount}`;
  if (unit === 'pill') return qty === 1 ? (nl ? `${amount} per pil` : `${amount} a pill`) : nl ? `${qty} pillen voor ${amount}` : `${qty} pills for ${amount}`;
  if (qty === 1) return nl ? `${amount} per stuk` : `${amount} each`;
  return nl ? `${qty} voor ${amount}` : `${qty} for ${amount}`;
}
