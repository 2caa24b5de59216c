// Number words (nl, en) and the slang amounts of the labelling conventions.

/** Word tables are Maps: a token such as "constructor" must not find Object.prototype. */
export function table<T>(o: Record<string, T>): Map<string, T> {
  return new Map(Object.entries(o));
}

const UNITS_NL = table({ een: 1, twee: 2, drie: 3, vier: 4, vijf: 5, zes: 6, zeven: 7, acht: 8, negen: 9 });
const WORDS = table({
  twee: 2, drie: 3, vier: 4, vijf: 5, zes: 6, zeven: 7, acht: 8, negen: 9, tien: 10, elf: 11, twaalf: 12,
  dertien: 13, veertien: 14, vijftien: 15, zestien: 16, zeventien: 17, achttien: 18, negentien: 19,
  twintig: 20, dertig: 30, veertig: 40, vijftig: 50, zestig: 60, zeventig: 70, tachtig: 80, negentig: 90, honderd: 100,
  two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90, hundred: 100,
  fiddy: 50, fitty: 50, fiffy: 50, hunnid: 100, hunned: 100, hunnit: 100, hundo: 100,
});
const TENS_NL = table({ twintig: 20, dertig: 30, veertig: 40, vijftig: 50, zestig: 60, zeventig: 70, tachtig: 80, negentig: 90 });
const TENS_EN = new Set(['twenty', 'thirty', 'forty', 'fourty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety']);
const ONES_EN = table({ one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9 });

const cache = new Map<string, number | null>();

/** The value of one number word ("vijftig", "vijfentwintig", "twenty-five"), or null. "een"/"one" are not read. */
export function numberWord(word: string): number | null {
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  let v: number | null = WORDS.get(word) ?? null;
  if (v === null && word.length > 8) {
    // Dutch compounds: vijfentwintig = 5 + 20
    const m = /^(een|twee|drie|vier|vijf|zes|zeven|acht|negen)en(twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig)$/.exec(word);
    if (m) v = UNITS_NL.get(m[1]!)! + TENS_NL.get(m[2]!)!;
    const e = /^(twenty|thirty|forty|fourty|fifty|sixty|seventy|eighty|ninety)-(one|two|three|four|five|six|seven|eight|nine)$/.exec(word);
    if (e) v = WORDS.get(e[1]!)! + ONES_EN.get(e[2]!)!;
  }
  if (cache.size < 10_000) cache.set(word, v);
  return v;
}

/** "twenty" followed by "five": the English two-word form. */
export function isEnglishTens(word: string): boolean {
  return TENS_EN.has(word);
}
export function englishOnes(word: string): number | null {
  return ONES_EN.get(word) ?? null;
}

/** Slang for a note-sized amount: "nen twintiger" 20, "dime" 10, "dub" 20 (a price of one piece). */
export const SLANG_AMOUNTS: ReadonlyMap<string, number> = table({
  tientje: 10, twintiger: 20, dertiger: 30, veertiger: 40, vijftiger: 50, dime: 10, dub: 20, dubs: 20, nickel: 5,
});
