// The text rules of DESIGN.md (hard safety rule 3 and the outbound filter of rule 4) as a scan
// over a reply: no purchase completed (payment, money, bank details), no posing as police, no
// home address, no personal contact data. Used on every catalogue string at load time and by
// the tests on many renders; deliberately strict: a template that merely mentions the police
// ("I'm not a cop") is refused too, because the scan cannot tell denial from impersonation.

export type SafetyCategory = 'payment' | 'police' | 'address' | 'contact';

export interface SafetyHit {
  category: SafetyCategory;
  match: string;
}

const RULES: ReadonlyArray<{ category: SafetyCategory; re: RegExp }> = [
  {
    category: 'payment',
    re: /\b(betaa?l\w*|betaling\w*|overschrij\w*|overmaken|storting\w*|storten|rekeningnummer\w*|rekening|iban|bic|swift|bank\w*|bancontact|payconiq|paypal|tikkie|revolut|pay|paying|paid|payment\w*|transfer\w*|wire|western\s*union|moneygram|bitcoin|btc|crypto\w*|cash|money|geld|poen|euro\w*|eur|cent|credit\s*card|kredietkaart|voorschot|deposit|invoice|factuur)\b|[€$£]/iu,
  },
  {
    category: 'police',
    re: /\b(politie\w*|flik\w*|agent\w*|inspecteur\w*|commissaris\w*|recherche\w*|police\w*|cops?|officers?|detectives?|undercover|fbi|feds?|sheriff|law\s*enforcement|badge|arrest\w*|interpol|justitie|parket)\b/iu,
  },
  {
    category: 'address',
    re: /\b\p{L}+(straat|laan|lei|steenweg|dreef|kaai|vest|plein)\s*\d+|\b\d+\s*\p{L}*\s*(street|st|road|rd|avenue|ave|lane|drive)\b|\b[1-9]\d{3}\s+\p{L}{3,}|\b(thuis|bij\s+mij\s+(thuis|aan\s+huis)|adres\w*|address\w*|huisnummer|appartement|apartment|flat\s+\d+|my\s+(place|house|home|flat)|home)\b/iu,
  },
  {
    category: 'contact',
    re: /\+?\d[\d\s./-]{7,}\d|[\w.+-]+@[\w-]+\.[\w.]+|https?:\/\/|www\./iu,
  },
];

/** Every rule a text breaks (empty = safe). Accents are folded so "bétaal" cannot slip past. */
export function scanText(text: string): SafetyHit[] {
  const folded = text.normalize('NFD').replace(/\p{M}/gu, '');
  const hits: SafetyHit[] = [];
  for (const { category, re } of RULES) {
    const m = re.exec(folded);
    if (m) hits.push({ category, match: m[0] });
  }
  return hits;
}

export function isSafeText(text: string): boolean {
  return scanText(text).length === 0;
}

/** Capitalised words that may stand mid-sentence in a template; anything else may be a name. */
const CAPITALISED_ALLOWED: ReadonlySet<string> = new Set(['I', "I'm", "I'll", "I'd", "I've", 'OK']);

/**
 * Words in a template that look like proper names (capitalised, not at the start of a
 * sentence, not an allowed word). Templates name no one: names enter only through `{name}`
 * (the bot's own persona) and places only through `{place}` (the operator's public places).
 */
export function nameLikeWords(template: string): string[] {
  const out: string[] = [];
  const re = /(^|[.!?]\s+)?(\p{Lu}[\p{L}']*)/gu;
  for (const m of template.matchAll(re)) {
    const atSentenceStart = m[1] !== undefined || m.index === 0;
    const word = m[2]!;
    if (!atSentenceStart && !CAPITALISED_ALLOWED.has(word)) out.push(word);
  }
  return out;
}
