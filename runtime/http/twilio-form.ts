// The one check of a Twilio webhook (messages, calls, call status): X-Twilio-Signature with the
// auth token over the URL Twilio called (publicUrl + path when configured, else the request's
// own) and the form parameters. The signature is checked before anything of the body is used,
// and only a form body (what Twilio sends) is read, as plain text. A request with
// X-Twilio-Webhooks-Signature-Settings was signed with a SharedKey (Webhook Settings, public
// beta), so it is checked with twilio.sharedKeySecret and the named algorithm, as twilio-node
// 6.3's webhook() does (lib/webhooks/webhooks.js).
import type { Context } from 'hono';
import type { RuntimeConfig } from '../config.js';
import { validTwilioSignature } from '../gateways/twilio/twilio-signature.js';

export type TwilioParams = Record<string, string | string[]>;

/** The signed form parameters, or the response that refuses the request (404, 403, 400). */
export async function signedTwilioForm(c: Context, config: RuntimeConfig): Promise<TwilioParams | Response> {
  const tw = config.twilio;
  if (!tw?.authToken) return c.text('Twilio webhook not configured (twilio.authToken)\n', 404);
  const signature = c.req.header('x-twilio-signature');
  if (!signature) return c.text('missing X-Twilio-Signature\n', 403);
  const settings = c.req.header('x-twilio-webhooks-signature-settings');
  const secret = settings ? tw.sharedKeySecret : tw.authToken;
  if (!secret) return c.text('signed with a Twilio SharedKey (X-Twilio-Webhooks-Signature-Settings) but twilio.sharedKeySecret is not configured\n', 403);
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return c.text('expected an application/x-www-form-urlencoded body (what Twilio sends)\n', 400);
  const params: TwilioParams = {};
  for (const [k, v] of new URLSearchParams(await c.req.text())) {
    const had = params[k];
    params[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  const url = config.publicUrl ? config.publicUrl + new URL(c.req.url).pathname + new URL(c.req.url).search : c.req.url;
  if (!validTwilioSignature(secret, signature, url, params, settings))
    return c.text('invalid X-Twilio-Signature\n', 403);
  return params;
}

/** The first value of a form parameter. */
export function param(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
