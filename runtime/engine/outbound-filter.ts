// Hard safety rules 3 and 4 (DESIGN.md) on the text of every outgoing message, applied when a
// reply is rendered and again just before it is sent (an operator's edit passes here too).
// Deliberately conservative: a refused message is only a lost reply; a leaked one can hurt.

interface Rule {
  reason: string;
  test: (text: string) => boolean;
}

const re = (reason: string, pattern: RegExp): Rule => ({ reason, test: (t) => pattern.test(t) });

const digitsIn = (s: string) => s.replace(/\D/g, '').length;

const RULES: Rule[] = [
  re('contains an IBAN or account number', /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b/i),
  {
    reason: 'contains a phone number',
    // runs of digits with spaces, dots, dashes or slashes that add up to 8+ digits
    test: (t) => (t.match(/\+?\d[\d\s./()-]{5,}\d/g) ?? []).some((m) => digitsIn(m) >= 8),
  },
  re('contains an e-mail address', /[^\s@]+@[^\s@]+\.[a-z]{2,}/i),
  re(
    'contains a street address',
    /[\p{L}'-]*(straat|laan|lei|plein|steenweg|weg|dreef|kaai|markt|vest|street|road|avenue|lane|drive)\s+\d{1,4}\b/iu,
  ),
  re('contains a postcode and town', /\b[1-9]\d{3}\s+(?!euro\b|eur\b|gram\b|gr\b)[A-Z][a-z]{2,}/),
  re(
    'mentions payment details',
    /\b(iban|bic|rekeningnummer|bankrekening|overschrijving|overschrijven|payconiq|paypal|western union|moneygram|bitcoin|btc|crypto ?wallet|bank transfer|wire transfer|account number|sort code)\b/i,
  ),
  re(
    'poses as police',
    /\b(ik ben|wij zijn|we zijn|i am|i'm|we are|this is the)\s+(van\s+)?(de\s+)?(politie|police|flik|cop|agent|recherche|detective)\b/i,
  ),
  re(
    'contains a threat',
    /\b(kill|murder|shoot|stab|hurt you|beat you up|i know where you live|burn your|vermoord|doodmaken|dood maken|maak je dood|kapotmaken|kapot maken|neerschieten|neersteken|steek je|schiet je|ik weet waar je woont|in elkaar slaan)\b/i,
  ),
  re(
    'contains a slur or insult',
    /\b(kanker\w*|tyfus\w*|mongool|flikker|nikker|nigg\w*|fag+ot\w*|retard\w*|hoer|slet|bitch|cunt|whore|spast\w*|makak)\b/i,
  ),
];

/** Why the text may not be sent, or null when it may. */
export function outboundViolation(text: string): string | null {
  if (!text.trim()) return 'is empty';
  if (text.length > 480) return 'is longer than 3 SMS (480 characters)';
  for (const r of RULES) if (r.test(text)) return r.reason;
  return null;
}

/** The meeting place the engine gives the renderer: always one of the operator's list. */
export function pickPlace(places: readonly string[], pick: (n: number) => number): string {
  if (places.length === 0) throw new RangeError('the operator list of meeting places is empty');
  return places[pick(places.length)]!;
}
