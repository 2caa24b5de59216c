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
import type { Engine, InboundMessage, MmsBody } from '../engine/engine.js';
import { Intake } from '../engine/intake.js';
import { RateLimiter } from './rate-limiter.js';
import type { Store } from '../store/store.js';
import { signedTwilioForm } from './twilio-form.js';
import { callTwiml, setCallDuration } from '../engine/calls.js';
import { errorCode } from '../engine/error-code.js';
import type { HealthReport } from '../serve/health.js';
import { redactDeep } from '../../lib/redact.js';

export const MAX_BODY_BYTES = 64 * 1024;
/**
 * android-sms-gateway's mms:downloaded carries every attachment whole, in base64
 * (MmsDownloadedPayload.attachments[].data): a photo MMS is up to the carrier's MMS size (300 KB
 * to 1 MB in Europe) plus a third. Refused, the app would retry it for two days and drop it.
 */
export const MAX_ANDROID_BODY_BYTES = 2 * 1024 * 1024;
const ANDROID_PATH = '/webhooks/android-gateway';
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
  const streamedAndroidLimit = bodyLimit({ maxSize: MAX_ANDROID_BODY_BYTES, onError: tooLarge });
  app.use('/webhooks/*', (c, next) => {
    const max = c.req.path === ANDROID_PATH ? MAX_ANDROID_BODY_BYTES : MAX_BODY_BYTES;
    // With a Content-Length the header decides, without touching the body: Hono's bodyLimit asks
    // for `req.body`, which makes @hono/node-server build a full web Request and stream (a third
    // of a webhook's CPU under load). Chunked bodies still go through bodyLimit's counting reader.
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined)
      return Number(length) > max ? Promise.resolve(tooLarge(c)) : next();
    return (max === MAX_BODY_BYTES ? streamedLimit : streamedAndroidLimit)(c, next);
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

  app.post('/webhooks/twilio', async (c) => {
    const params = await signedTwilioForm(c, o.config);
    if (params instanceof Response) return params;
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
    const params = await signedTwilioForm(c, o.config);
    if (params instanceof Response) return params;
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

  // a dealer's call (runtime/engine/calls.ts): logged, then let ring or rejected by the number's state
  app.post('/webhooks/twilio/voice', async (c) => {
    const params = await signedTwilioForm(c, o.config);
    if (params instanceof Response) return params;
    const from = str(params.From);
    const sid = str(params.CallSid);
    if (!from || !sid) return c.text('missing From or CallSid\n', 400);
    if (!limiter.take(from)) return c.body(callTwiml('reject', 'nl', o.config.voice), 200, { 'content-type': 'text/xml' });
    const r = o.engine.acceptCall({ transport: 'twilio-voice', id: sid, from });
    if (r.status === 'dropped') log(`voice: call not logged (${r.reason}); rejected`);
    return c.body(callTwiml(r.answer, r.status === 'dropped' ? 'nl' : r.lang, o.config.voice), 200, { 'content-type': 'text/xml' });
  });

  // the call's status callback: CallDuration, in seconds, once the call has ended
  app.post('/webhooks/twilio/voice/status', async (c) => {
    const params = await signedTwilioForm(c, o.config);
    if (params instanceof Response) return params;
    const sid = str(params.CallSid);
    if (!sid) return c.text('missing CallSid\n', 400);
    const raw = str(params.CallDuration);
    // only the final callback carries a duration; the others (ringing, answered) change nothing
    if (raw === undefined) return c.body(TWIML_EMPTY, 200, { 'content-type': 'text/xml' });
    const seconds = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(seconds)) return c.text('CallDuration must be a whole number of seconds\n', 400);
    setCallDuration(o.store, 'twilio-voice', sid, seconds);
    return c.body(TWIML_EMPTY, 200, { 'content-type': 'text/xml' });
  });

  app.post(ANDROID_PATH, async (c) => {
    const key = o.config.androidGateway?.signingKey;
    if (!key) return c.text('android-gateway webhook not configured (androidGateway.signingKey)\n', 404);
    const raw = await c.req.text();
    const problem = androidSignatureProblem(key, raw, c.req.header('x-signature'), c.req.header('x-timestamp'), wallNow());
    if (problem) return c.text(`${problem}\n`, 403);
    const w = readAndroidWebhook(raw, wallNow());
    if (w.type === 'bad') return c.text(`${w.reason}\n`, 400);
    if (w.type === 'ignored') return c.json({ ignored: w.event });
    if (w.type === 'mms-body') {
      const msg: MmsBody = { transport: 'android-gateway', id: w.id, from: w.from, subject: w.subject, body: w.body };
      if (w.receivedMs !== undefined) msg.receivedMs = w.receivedMs;
      const outcome = o.engine.completeMms(msg);
      if (outcome === 'no-mms') log('webhook android-gateway: mms:downloaded for no stored mms:received; ignored');
      return c.json({ ok: true, ...(outcome === 'no-mms' ? { ignored: 'no mms:received from this sender waits for its body' } : {}) });
    }
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
    let body: { from?: unknown; text?: unknown; id?: unknown; kind?: unknown; duration_s?: unknown };
    try {
      body = (await c.req.json()) as typeof body;
    } catch {
      return c.text('body is not JSON\n', 400);
    }
    if (typeof body !== 'object' || body === null) return c.text('body is not a JSON object\n', 400);
    if (body.kind !== undefined && body.kind !== 'sms' && body.kind !== 'call') return c.text('"kind" must be "sms" or "call"\n', 400);
    if (body.kind === 'call') {
      // a gateway that reports calls: {"kind": "call", "from", "duration_s", "id"?}
      if (typeof body.from !== 'string' || !body.from.trim()) return c.text('a call needs a "from" string\n', 400);
      const d = body.duration_s;
      if (typeof d !== 'number' || !Number.isFinite(d) || d < 0 || d > 86_400) return c.text('a call needs "duration_s": seconds connected, 0 to 86400\n', 400);
      if (body.id !== undefined && typeof body.id !== 'string') return c.text('"id" must be a string\n', 400);
      if (!limiter.take(body.from)) return c.text('too many messages from this sender\n', 429);
      const r = o.engine.acceptCall({ transport: 'generic', from: body.from, duration_s: d, ...(typeof body.id === 'string' ? { id: body.id } : {}) });
      return c.json(r.status === 'dropped' ? { ok: true, recorded: false, reason: r.reason } : { ok: true, recorded: r.status === 'recorded', duplicate: r.status === 'duplicate' });
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
    // the bot's clock, which runs timeScale times faster than the wall: the times in the store,
    // status and export are on it, so a monitor or a loadtest reads them against `now`, not its own
    const clock = { now: new Date(o.engine.clock.now()).toISOString(), timeScale: o.config.timeScale };
    let kill: boolean;
    try {
      o.store.ping();
      kill = o.store.killSwitch();
    } catch (e) {
      return c.json({ status: 'down', reasons: [`database cannot be read (${errorCode(e)})`], mode: o.config.mode, ...clock }, 503);
    }
    const { status, reasons, ...extra } = o.health?.() ?? { status: 'ok' as const, reasons: [] };
    // reasons and gateway errors may quote a number: /health is unauthenticated
    return c.json({ ...redactDeep({ status, reasons, mode: o.config.mode, kill, ...extra }), ...clock }, status === 'ok' ? 200 : 503);
  });

  return app;
}

function str(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
