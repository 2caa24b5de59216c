// Phone numbers as the runtime keys them (E.164, default region BE, as DESIGN.md's transcript
// rules) and as exports show them (the HMAC pseudonym). The DB stores raw E.164 numbers because
// the bot must reply; nothing that leaves the DB carries them.
// NOTE: mirrors DESIGN.md's scheme; swap for data/'s pseudonymiser once the importers land.
import { createHmac } from 'node:crypto';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** E.164 form, or null for senders that are not phone numbers (short codes, names). */
export function normalizeNumber(raw: string, region: CountryCode = 'BE'): string | null {
  const s = raw.trim();
  if (!/^[+0-9()\s./-]{3,}$/.test(s)) return null;
  const p = parsePhoneNumberFromString(s.startsWith('00') ? `+${s.slice(2)}` : s, region);
  if (!p || !p.isPossible()) return null;
  return p.number;
}

/** `p_` + first 16 hex of HMAC-SHA256(key, E.164 number). */
export function pseudonym(key: Buffer | string, e164: string): string {
  return 'p_' + createHmac('sha256', key).update(e164, 'utf8').digest('hex').slice(0, 16);
}
