// Phone numbers as the runtime keys them: E.164 with the default region of DESIGN.md, by the
// same rules as the importers (transcripts/pseudonym.ts), so allow/deny lists, the store and exported
// pseudonyms agree. The DB stores raw E.164 numbers because the bot must reply; nothing that
// leaves the DB carries them (see export.ts).
import type { CountryCode } from 'libphonenumber-js';
import { cachedByText } from '../lib/bounded-cache.js';
import { DEFAULT_REGION, toE164 } from '../transcripts/pseudonym.js';

const e164 = (raw: string, region: CountryCode) => {
  const r = toE164(raw, region);
  return r.ok ? r.value : null;
};

// every webhook parses its sender, and the same few thousand numbers write again and again:
// libphonenumber's parse was about 4 % of a decision
const inDefaultRegion = cachedByText((raw) => e164(raw, DEFAULT_REGION), { capacity: 10_000, maxKeyLength: 64 });

/** E.164 form, or null for senders that are not phone numbers (short codes, names). */
export function normalizeNumber(raw: string, region: CountryCode = DEFAULT_REGION): string | null {
  return region === DEFAULT_REGION ? inDefaultRegion(raw) : e164(raw, region);
}
