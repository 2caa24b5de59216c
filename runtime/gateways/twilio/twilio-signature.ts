// Twilio's X-Twilio-Signature: base64 HMAC (SHA-1, or SHA-256 when the
// X-Twilio-Webhooks-Signature-Settings header says so) of the URL Twilio called followed by every
// POST parameter name and value, sorted by name. Twilio signs the URL as configured, which may
// or may not carry the default port, so both forms are tried (as the official library does).
import { createHmac, timingSafeEqual } from 'node:crypto';

export function twilioSignature(authToken: string, url: string, params: Record<string, string | string[]>, algo: 'sha1' | 'sha256' = 'sha1'): string {
  let data = url;
  for (const key of Object.keys(params).sort()) {
    const v = params[key]!;
    if (Array.isArray(v)) for (const x of [...new Set(v)].sort()) data += key + x;
    else data += key + v;
  }
  return createHmac(algo, authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

export function signatureAlgorithm(settingsHeader: string | undefined): 'sha1' | 'sha256' | null {
  const m = /(?:^|,)\s*algorithm\s*=\s*([^,\s]+)/i.exec(settingsHeader ?? '');
  if (!m) return 'sha1';
  const a = m[1]!.toUpperCase();
  return a === 'HMAC_SHA1' ? 'sha1' : a === 'HMAC_SHA256' ? 'sha256' : null;
}

export function validTwilioSignature(
  authToken: string,
  header: string | undefined,
  url: string,
  params: Record<string, string | string[]>,
  settingsHeader?: string,
): boolean {
  const algo = signatureAlgorithm(settingsHeader);
  if (!header || !algo) return false;
  const given = Buffer.from(header);
  return urlVariants(url).some((u) => {
    const expected = Buffer.from(twilioSignature(authToken, u, params, algo));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

function urlVariants(url: string): string[] {
  const m = /^(https?:\/\/)([^/?#]*@)?([^/?#:]+)(:\d+)?(.*)$/i.exec(url);
  if (!m) return [url];
  const [, scheme, user = '', host, port, rest] = m;
  const defaultPort = scheme!.toLowerCase() === 'https://' ? ':443' : ':80';
  const without = scheme! + user + host + rest;
  const withPort = scheme! + user + host + (port ?? defaultPort) + rest;
  return [...new Set([url, without, withPort])];
}
