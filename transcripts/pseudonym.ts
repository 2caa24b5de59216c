// Pseudonymisation (DESIGN.md): a number is normalised to E.164 (default region BE, so
// `0470 11 22 33`, `+32470112233` and `0032470112233` are one dealer) and replaced by
// `p_` + the first 16 hex of HMAC-SHA256(key, E.164). Raw numbers never reach a transcript:
// numbers written inside message texts are replaced by their pseudonym too (lib/redact.ts,
// the redaction every output uses; here it is given the pseudonym as the token).
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CountryCode } from 'libphonenumber-js';
import { type Result, UsageError, err, ok } from '../lib/errors.js';
import { ownString } from '../lib/own-string.js';
import { DEFAULT_REGION, phoneLib, redactNumbers, type RedactOptions } from '../lib/redact.js';

export { DEFAULT_REGION };
export const DEFAULT_KEY_FILE = '.dealerbot-key';

// what a phone number may be written with; letters mean an alphanumeric sender ("Proximus")
const NUMBER_CHARS = /^\+?[\d\s().\-/]+$/;

export function isRegion(r: string): r is CountryCode {
  return phoneLib().isSupportedCountry(r);
}

/** E.164 form of a number as written in an export, or why it is not a phone number. */
export function toE164(raw: string, region: CountryCode = DEFAULT_REGION): Result<string> {
  const s = raw.trim();
  if (!NUMBER_CHARS.test(s)) return err(`not a phone number: alphanumeric sender or short code`);
  const p = phoneLib().parsePhoneNumberFromString(s, region);
  if (!p || !p.isPossible()) return err(`not a phone number: short code or wrong length`);
  return ok(p.number);
}

export class Pseudonymizer {
  private readonly cache = new Map<string, Result<string>>();
  private readonly inText: RedactOptions;
  constructor(
    private readonly key: Buffer,
    private readonly region: CountryCode = DEFAULT_REGION,
  ) {
    this.inText = { region, token: (e164) => this.ofE164(e164) };
  }

  /** Pseudonym of an E.164 number. */
  ofE164(e164: string): string {
    return 'p_' + createHmac('sha256', this.key).update(e164, 'utf8').digest('hex').slice(0, 16);
  }

  /** Pseudonym of a number as written in an export; cached per spelling (exports repeat them). */
  of(raw: string): Result<string> {
    let r = this.cache.get(raw);
    if (!r) {
      const e = toE164(raw, this.region);
      r = e.ok ? ok(this.ofE164(e.value)) : e;
      // the key is often a slice of a parser's whole chunk: keep a copy, not the chunk
      this.cache.set(ownString(raw), r);
    }
    return r;
  }

  /** Replaces phone numbers written in a message text by their pseudonyms, and a digit run of
   * phone length that does not parse by `[number]` (lib/redact.ts): never kept raw. */
  redactText(text: string): string {
    return redactNumbers(text, this.inText);
  }
}

export interface KeySource {
  keyFile?: string;
  env?: NodeJS.ProcessEnv;
  /** where a new key file is created when there is no key at all */
  cwd?: string;
  /** injected for tests; crypto randomness by default */
  newKey?: () => string;
  /** told the path of a key file that was just created */
  onCreated?: (path: string) => void;
}

/** The HMAC key bytes: --key-file content (trailing whitespace dropped), else DEALERBOT_KEY,
 * else ./.dealerbot-key, created once with mode 0600. */
export function resolveKey(src: KeySource = {}): Buffer {
  const env = src.env ?? process.env;
  if (src.keyFile) {
    if (!existsSync(src.keyFile)) throw new UsageError(`--key-file ${src.keyFile}: no such file`);
    const k = readFileSync(src.keyFile, 'utf8').replace(/\s+$/, '');
    if (!k) throw new UsageError(`--key-file ${src.keyFile}: the key file is empty`);
    return Buffer.from(k, 'utf8');
  }
  if (env.DEALERBOT_KEY) return Buffer.from(env.DEALERBOT_KEY, 'utf8');
  const path = resolve(src.cwd ?? process.cwd(), DEFAULT_KEY_FILE);
  if (!existsSync(path)) {
    const key = (src.newKey ?? (() => randomBytes(32).toString('hex')))();
    // 'wx': never overwrite a key another process created meanwhile (that would re-key data)
    try {
      writeFileSync(path, key + '\n', { mode: 0o600, flag: 'wx' });
      src.onCreated?.(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  return Buffer.from(readFileSync(path, 'utf8').replace(/\s+$/, ''), 'utf8');
}
