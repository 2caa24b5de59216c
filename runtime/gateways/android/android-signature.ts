// android-sms-gateway webhook signing (docs.sms-gate.app, "Webhooks → payload signing"):
// X-Signature = hex HMAC-SHA256(signingKey, raw body + X-Timestamp), X-Timestamp = Unix seconds.
// A timestamp outside the window is refused, so a captured request cannot be replayed later.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const ANDROID_SIGNATURE_WINDOW_S = 300;

export function androidSignature(signingKey: string, rawBody: string, timestamp: string): string {
  return createHmac('sha256', signingKey).update(rawBody + timestamp, 'utf8').digest('hex');
}

/** null when valid, else why not. `nowMs` is real wall time (not the scaled clock). */
export function androidSignatureProblem(
  signingKey: string,
  rawBody: string,
  signature: string | undefined,
  timestamp: string | undefined,
  nowMs: number,
  windowS = ANDROID_SIGNATURE_WINDOW_S,
): string | null {
  if (!signature || !timestamp) return 'missing X-Signature or X-Timestamp';
  if (!/^\d{9,11}$/.test(timestamp)) return 'X-Timestamp is not Unix seconds';
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > windowS) return `X-Timestamp is more than ${windowS}s off`;
  const expected = Buffer.from(androidSignature(signingKey, rawBody, timestamp), 'utf8');
  const given = Buffer.from(signature.toLowerCase(), 'utf8');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'X-Signature does not match';
  return null;
}
