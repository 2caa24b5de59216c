// The HTTP face of `serve`: inbound webhooks (Twilio, android-sms-gateway, generic JSON), the
// gateways' delivery reports (Twilio's StatusCallback, android's sms:sent/delivered/failed) and
// /health. Each webhook authenticates, rate-limits per sender, then hands the message to the
// intake, which commits it (grouped with the others of the same moment) before the handler
// answers 200 — so a gateway that gets a 200 can forget the message, and one that does not will
// retry into the dedupe. The decision on it runs after the answer (runtime/intake.ts).
import { timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { androidSignatureProblem } from '../gateways/android/android-signature.js';
import { readAndroidWebhook } from '../gateways/android/android-webhook.js';
import { twilioStopReason } from '../gateways/twilio/twilio-errors.js';
import { TWILIO_STATUS_PATH, twilioDelivery } from '../gateways/twilio/twilio-sender.js';
import { recordDelivery } from '../engine/delivery.js';
import type { RuntimeConfig } from '../config.js';
import type { Engine, InboundMessage } from '../engine/engine.js';
import { Intake } from '../engine/intake.js';
import { RateLimiter } from './rate-limiter.js';
import type { Store } from '../store/store.js';
import { validTwilioSignature } from '../gateways/twilio/twilio-signature.js';
import { errorCode } from '../engine/error-code.js';
import type { HealthReport } from '../serve/health.js';
import { redactDeep } from '../../lib/redact.js';

export const MAX_BODY_BYTES = 64 * 1024;
const TWIML_EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

export interface AppOptions {
  engine: Engine;
  store: Store;
  config: RuntimeConfig;
  /** where accepted messages go (default: a new Intake over engine and store) */
  intake?: Intake;
  /** wall-clock ms, for webhook timestamp windows and rate limits (not the scaled clock) */
  wallNow?: () => number;
  log?: (line: string) => void;
  /** the health verdict (serve's HealthMonitor) and extra fields for /health (queue sizes, last error) */
  health?: () => HealthReport & Record<string, unknown>;
}

export function createApp(o: AppOptions): Hono {
  const app = new Hono();
  const wallNow = o.wallNow ?? Date.now;
  const limiter = new RateLimiter(o.config.rateLimitPerMinute, wallNow);
  const log = o.log ?? (() => {});
  const intake = o.intake ?? new Intake(o.engine, o.store, { log: (l) => log(`webhook: ${l}`) });

  // no stack trace for anyone: the caller gets one line, the log one line
  app.onError((e, c) => {
    log(`http: ${c.req.method} ${new URL(c.req.url).pathname}: ${errorCode(e)}: ${String((e as Error).message).split('\n')[0]}`);
    return c.text('internal error\n', 500);
  });

  const tooLarge = (c: Context) => c.text('request body too large\n', 413);
  const streamedLimit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge });
  app.use('/webhooks/*', (c, next) => {
    // With a Content-Length the header decides, without touching the body: Hono's bodyLimit asks
    // for `req.body`, which makes @hono/node-server build a full web Request and stream (a third
    // of a webhook's CPU under load). Chunked bodies still go through bodyLimit's counting reader.
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined)
      return Number(length) > MAX_BODY_BYTES ? Promise.resolve(tooLarge(c)) : next();
    return streamedLimit(c, next);
  });

  const deliver = async (c: Context, msg: InboundMessage, ok: () => Response): Promise<Response> => {
    if (!limiter.take(msg.from)) return c.text('too many messages from this sender\n', 429);
    try {
      await intake.accept(msg);
    } catch (e) {
      log(`webhook ${msg.transport}: could not store message: ${(e as Error).message}`);
      return c.text('could not store the message; retry later\n', 503);
    }
    return ok();
  };

  /**
   * Checks a Twilio webhook and reads its form: the signature is checked before the body is
   * parsed (an unsigned request costs nothing), and only a form body (what Twilio sends) is read,
   * as plain text. A request with X-Twilio-Webhooks-Signature-Settings was signed with a SharedKey
   * (Webhook Settings, public beta), so it is checked with twilio.sharedKeySecret and the named
   * algorithm, as twilio-node 6.3's webhook() does (lib/webhooks/webhooks.js).
   */
  const twilioForm = async (c: Context): Promise<{ params: Record<string, string | string[]> } | Response> => {
    const tw = o.config.twilio;
    if (!tw?.authToken) return c.text('Twilio webhook not configured (twilio.authToken)\n', 404);
    const signature = c.req.header('x-twilio-signature');
    if (!signature) return c.text('missing X-Twilio-Signature\n', 403);
    const settings = c.req.header('x-twilio-webhooks-signature-settings');
    const secret = settings ? tw.sharedKeySecret : tw.authToken;
    if (!secret) return c.text('signed with a Twilio SharedKey (X-Twilio-Webhooks-Signature-Settings) but twilio.sharedKeySecret is not configured\n', 403);
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/x-www-form-urlencoded') return c.text('expected an application/x-www-form-urlencoded body (what Twilio sends)\n', 400);
    const params: Record<string, string | string[]> = {};
    for (const [k, v] of new URLSearchParams(await c.req.text())) {
      const had = params[k];
      params[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
    }
    const url = o.config.publicUrl ? o.config.publicUrl + new URL(c.req.url).pathname + new URL(c.req.url).search : c.req.url;
    if (!validTwilioSignature(secret, signature, url, params, settings)) return c.text('invalid X-Twilio-Signature\n', 403);
    return { params };
  };

  app.post('/webhooks/twilio', async (c) => {
    const form = await twilioForm(c);
    if (form instanceof Response) return form;
    const { params } = form;
    const from = str(params.From);
    const sid = str(params.MessageSid) ?? str(params.SmsSid);
    if (!from || !sid) return c.text('missing From or MessageSid\n', 400);
    const media = Number(str(params.NumMedia) ?? '0') > 0;
    return deliver(c, { transport: 'twilio', id: sid, from, text: str(params.Body) ?? '', kind: media ? 'mms' : 'sms' }, () =>
      c.body(TWIML_EMPTY, 200, { 'content-type': 'text/xml' }),
    );
  });

  // Twilio's StatusCallback for our replies (every send names it: twilio-sender.ts): MessageSid,
  // MessageStatus and, for undelivered/failed, ErrorCode. Answered 200 with an empty body;
  // a report on a reply we do not know (another app on the same account) is ignored, not retried.
  app.post(TWILIO_STATUS_PATH, async (c) => {
    const form = await twilioForm(c);
    if (form instanceof Response) return form;
    const { params } = form;
    const sid = str(params.MessageSid) ?? str(params.SmsSid);
    const status = str(params.MessageStatus) ?? str(params.SmsStatus);
    if (!sid || !status) return c.text('missing MessageSid or MessageStatus\n', 400);
    const state = twilioDelivery(status);
    if (!state) return c.json({ ignored: `MessageStatus ${status.slice(0, 40)}` });
    const code = str(params.ErrorCode)?.trim() || null;
    const outcome = recordDelivery(o.store, o.engine.clock, { ref: sid, state, error: code, stopReason: twilioStopReason(code) });
    if (outcome === 'unknown-reply') log(`webhook twilio: status ${status} for a message that is not ours; ignored`);
    return c.body(TWIML_EMPTY, 200, { 'content-type': 'text/xml' });
  });

  app.post('/webhooks/android-gateway', async (c) => {
    const key = o.config.androidGateway?.signingKey;
    if (!key) return c.text('android-gateway webhook not configured (androidGateway.signingKey)\n', 404);
    const raw = await c.req.text();
    const problem = androidSignatureProblem(key, raw, c.req.header('x-signature'), c.req.header('x-timestamp'), wallNow());
    if (problem) return c.text(`${problem}\n`, 403);
    const w = readAndroidWebhook(raw, wallNow());
    if (w.type === 'bad') return c.text(`${w.reason}\n`, 400);
    if (w.type === 'ignored') return c.json({ ignored: w.event });
    if (w.type === 'delivery') {
      const outcome = recordDelivery(o.store, o.engine.clock, { ref: w.messageId, state: w.state, error: w.error });
      return c.json({ ok: true, ...(outcome === 'unknown-reply' ? { ignored: 'unknown messageId' } : {}) });
    }
    const msg: InboundMessage = { transport: 'android-gateway', id: w.id, from: w.from, text: w.text, kind: w.kind };
    if (w.receivedMs !== undefined) msg.receivedMs = w.receivedMs;
    if (w.simNumber !== undefined) msg.simNumber = w.simNumber;
    if (w.deviceId !== undefined) msg.deviceId = w.deviceId;
    return deliver(c, msg, () => c.json({ ok: true }));
  });

  app.post('/webhooks/generic', async (c) => {
    const token = o.config.generic?.token;
    if (!token) return c.text('generic webhook not configured (generic.token)\n', 404);
    const auth = c.req.header('authorization') ?? '';
    const given = Buffer.from(auth.replace(/^Bearer\s+/i, ''));
    const want = Buffer.from(token);
    if (!/^Bearer\s+/i.test(auth) || given.length !== want.length || !timingSafeEqual(given, want))
      return c.text('missing or wrong bearer token\n', 401);
    let body: { from?: unknown; text?: unknown; id?: unknown };
    try {
      body = (await c.req.json()) as typeof body;
    } catch {
      return c.text('body is not JSON\n', 400);
    }
    if (typeof body.from !== 'string' || typeof body.text !== 'string')
      return c.text('body needs "from" and "text" strings\n', 400);
    if (body.id !== undefined && typeof body.id !== 'string') return c.text('"id" must be a string\n', 400);
    const msg: InboundMessage = { transport: 'generic', from: body.from, text: body.text };
    if (typeof body.id === 'string') msg.id = body.id;
    return deliver(c, msg, () => c.json({ ok: true }));
  });

  // unauthenticated: a gateway error in lastError quotes the number it failed on
  app.get('/health', (c) => {
    let kill: boolean;
    try {
      o.store.ping();
      kill = o.store.killSwitch();
    } catch (e) {
      return c.json({ status: 'down', reasons: [`database cannot be read (${errorCode(e)})`], mode: o.config.mode }, 503);
    }
    const { status, reasons, ...extra } = o.health?.() ?? { status: 'ok' as const, reasons: [] };
    // reasons and gateway errors may quote a number: /health is unauthenticated
    return c.json(redactDeep({ status, reasons, mode: o.config.mode, kill, ...extra }), status === 'ok' ? 200 : 503);
  });

  return app;
}

function str(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
