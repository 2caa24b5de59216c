import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { androidSignature } from '../gateways/android/android-signature.js';
import { createApp } from './http-app.js';
import { Intake } from '../engine/intake.js';
import { harness } from '../test-fixtures/harness.js';

const TOKEN = 'twilio-auth-token-for-tests';
const BASE = 'https://bot.example.org';
const GENERIC = 'generic-token-0123456789';
const SIGNING = 'android-signing-key';
const NOW = Date.UTC(2026, 0, 5, 20, 0, 0);

function setup(config: Record<string, unknown> = {}) {
  const h = harness({
    config: {
      publicUrl: BASE,
      twilio: { authToken: TOKEN },
      generic: { token: GENERIC },
      androidGateway: { signingKey: SIGNING },
      ...config,
    },
  });
  const intake = new Intake(h.engine, h.store);
  const app = createApp({ engine: h.engine, store: h.store, config: h.config, intake, wallNow: () => NOW });
  // decisions run after the webhook answers: let them happen before moving the clock
  const run = h.run;
  h.run = async (ms) => {
    await intake.idle();
    return run(ms);
  };
  return { h, app, intake };
}

function twilioPost(app: ReturnType<typeof createApp>, params: Record<string, string>, signature?: string) {
  const sig = signature ?? twilio.getExpectedTwilioSignature(TOKEN, `${BASE}/webhooks/twilio`, params);
  return app.request('/webhooks/twilio', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sig },
    body: new URLSearchParams(params).toString(),
  });
}

const sms = (sid: string, body = 'coke te koop, 50 euro') => ({
  MessageSid: sid,
  From: '+32470112233',
  To: '+32460000000',
  Body: body,
  NumMedia: '0',
});

describe('POST /webhooks/twilio', () => {
  it('accepts a request signed by the official twilio library and validates with it too', async () => {
    const { h, app } = setup();
    const params = sms('SM0001');
    const sig = twilio.getExpectedTwilioSignature(TOKEN, `${BASE}/webhooks/twilio`, params);
    expect(twilio.validateRequest(TOKEN, sig, `${BASE}/webhooks/twilio`, params)).toBe(true);
    const res = await twilioPost(app, params, sig);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/xml');
    expect(h.store.events(1)).toHaveLength(1);
  });

  it('rejects a wrong signature, a tampered body and a missing header', async () => {
    const { h, app } = setup();
    const params = sms('SM0002');
    const good = twilio.getExpectedTwilioSignature(TOKEN, `${BASE}/webhooks/twilio`, params);
    const wrongKey = twilio.getExpectedTwilioSignature('another-token', `${BASE}/webhooks/twilio`, params);
    expect((await twilioPost(app, params, wrongKey)).status).toBe(403);
    expect((await twilioPost(app, { ...params, Body: 'tampered' }, good)).status).toBe(403);
    const bare = await app.request('/webhooks/twilio', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
    });
    expect(bare.status).toBe(403);
    expect(h.store.rowCount('events')).toBe(0);
  });

  // A SharedKey (Webhook Settings, public beta: twilio.com/docs/usage/webhooks/webhook-shared-keys)
  // signs with its own secret and the header's algorithm; twilio-node 6.3 lib/webhooks/webhooks.js
  // webhook() checks such a request with sharedKeySecret, never the auth token, and refuses it when
  // no secret is configured. The signature below is made by twilio-node itself.
  const sharedKeyPost = (app: ReturnType<typeof createApp>, params: Record<string, string>, secret: string) =>
    app.request('/webhooks/twilio', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(secret, `${BASE}/webhooks/twilio`, params, 'HMAC_SHA256'),
        'x-twilio-webhooks-signature-settings': 'key=webhooks_sharedkey_k1,algorithm=HMAC_SHA256',
      },
      body: new URLSearchParams(params).toString(),
    });

  it('accepts a SharedKey signature (HMAC-SHA256 with the SharedKey secret) and nothing signed otherwise under that header', async () => {
    const SHARED = 'shared-key-secret-for-tests';
    const { h, app } = setup({ twilio: { authToken: TOKEN, sharedKeySecret: SHARED } });
    expect((await sharedKeyPost(app, sms('SM0003'), SHARED)).status).toBe(200);
    // the auth token no longer signs requests that name a SharedKey
    expect((await sharedKeyPost(app, sms('SM0004'), TOKEN)).status).toBe(403);
    expect(h.store.rowCount('events')).toBe(1);
  });

  it('refuses a SharedKey-signed request when no sharedKeySecret is configured, saying which key is missing', async () => {
    const { app } = setup();
    const res = await sharedKeyPost(app, sms('SM0005'), TOKEN);
    expect(res.status).toBe(403);
    expect(await res.text()).toBe('signed with a Twilio SharedKey (X-Twilio-Webhooks-Signature-Settings) but twilio.sharedKeySecret is not configured\n');
  });

  it('checks the signature before reading the body: unsigned, multipart or malformed requests get 403/400 and one line', async () => {
    const { h, app } = setup();
    const lines: string[] = [];
    const logged = createApp({ engine: h.engine, store: h.store, config: h.config, wallNow: () => NOW, log: (l) => lines.push(l) });
    const form = new FormData();
    form.set('From', '+32470112233');
    form.set('Body', 'coke');
    const unsigned = await logged.request('/webhooks/twilio', { method: 'POST', body: form });
    expect(unsigned.status).toBe(403);
    expect(await unsigned.text()).toBe('missing X-Twilio-Signature\n');
    const multipart = await logged.request('/webhooks/twilio', { method: 'POST', body: form, headers: { 'x-twilio-signature': 'abc=' } });
    expect(multipart.status).toBe(400);
    expect(await multipart.text()).toMatch(/^expected an application\/x-www-form-urlencoded body/);
    const junk = await logged.request('/webhooks/twilio', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'abc=' },
      body: '%zz&&=%%&From=%E0%A4%A',
    });
    expect(junk.status).toBe(403);
    // signed but malformed: parsed leniently, then refused for what is missing
    const params = { Body: '%zz' };
    const signedJunk = await twilioPost(logged, params);
    expect(signedJunk.status).toBe(400);
    expect(lines).toEqual([]);
    expect(h.store.rowCount('events')).toBe(0);
  });

  it('an error inside a handler is a 500 with one line, never a stack trace', async () => {
    const { h } = setup();
    const lines: string[] = [];
    const app = createApp({ engine: h.engine, store: h.store, config: h.config, wallNow: () => NOW, log: (l) => lines.push(l), health: () => { throw new TypeError('boom\n    at somewhere (file.ts:1:1)'); } });
    const res = await app.request('/health');
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('internal error\n');
    expect(lines).toEqual(['http: GET /health: TypeError: boom']);
  });

  it('a retried webhook (same MessageSid) produces one reply', async () => {
    const { h, app } = setup();
    for (let i = 0; i < 3; i++) expect((await twilioPost(app, sms('SM0004'))).status).toBe(200);
    await h.run(3_600_000);
    expect(h.sender.sent).toHaveLength(1);
  });
});

describe('POST /webhooks/android-gateway', () => {
  const event = (id: string) =>
    JSON.stringify({
      deviceId: 'ffffffffceb0b1db00000193991c27e5',
      event: 'sms:received',
      id,
      payload: { message: 'weed te koop', receivedAt: '2026-01-05T21:00:00.000+01:00', messageId: '69bde8d0', phoneNumber: '0470112233', simNumber: 1 },
      webhookId: 'LreFUt-Z3sSq0JufY9uWB',
    });
  const post = (app: ReturnType<typeof createApp>, body: string, ts: string, sig?: string) =>
    app.request('/webhooks/android-gateway', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-timestamp': ts, 'x-signature': sig ?? androidSignature(SIGNING, body, ts) },
      body,
    });

  it('accepts a signed sms:received, dedupes retries, refuses bad signatures and stale timestamps', async () => {
    const { h, app } = setup();
    const ts = String(Math.floor(NOW / 1000));
    expect((await post(app, event('ev1'), ts)).status).toBe(200);
    expect((await post(app, event('ev1'), ts)).status).toBe(200);
    expect((await post(app, event('ev2'), ts, 'ab'.repeat(32))).status).toBe(403);
    expect((await post(app, event('ev3'), String(Math.floor(NOW / 1000) - 3600))).status).toBe(403);
    await h.run(3_600_000);
    expect(h.sender.sent.map((m) => m.to)).toEqual(['+32470112233']);
  });
});

describe('POST /webhooks/android-gateway without an event id', () => {
  const noId = (phoneNumber: string, message: string, receivedAt?: string) =>
    JSON.stringify({ event: 'sms:received', payload: { message, phoneNumber, ...(receivedAt ? { receivedAt } : {}) } });
  const post = (app: ReturnType<typeof createApp>, body: string) => {
    const ts = String(Math.floor(NOW / 1000));
    return app.request('/webhooks/android-gateway', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-timestamp': ts, 'x-signature': androidSignature(SIGNING, body, ts) },
      body,
    });
  };

  it('keeps the messages of two senders (they used to share the key "@" and the second was dropped)', async () => {
    const { h, app } = setup();
    expect((await post(app, noId('0470112233', 'weed te koop'))).status).toBe(200);
    expect((await post(app, noId('0470998877', 'coke te koop'))).status).toBe(200);
    await h.run(3_600_000);
    const inbound = h.store.conversations().flatMap((c) => h.store.events(c.id)).filter((e) => e.direction === 'in');
    expect(inbound.map((e) => e.text).sort()).toEqual(['coke te koop', 'weed te koop']);
    expect(h.sender.sent.map((m) => m.to).sort()).toEqual(['+32470112233', '+32470998877']);
  });

  it('recognises a retry by sender, text and receivedAt; the same text from another sender or at another time is new', async () => {
    const { h, app } = setup();
    const at = '2026-01-05T21:00:00.000+01:00';
    for (let i = 0; i < 3; i++) expect((await post(app, noId('0470112233', 'weed te koop', at))).status).toBe(200);
    expect((await post(app, noId('0470998877', 'weed te koop', at))).status).toBe(200);
    expect((await post(app, noId('0470112233', 'weed te koop', '2026-01-05T22:00:00.000+01:00'))).status).toBe(200);
    await h.run(0);
    const inbound = h.store.conversations().flatMap((c) => h.store.events(c.id)).filter((e) => e.direction === 'in');
    expect(inbound).toHaveLength(3);
  });
});

describe('POST /webhooks/generic and limits', () => {
  const post = (app: ReturnType<typeof createApp>, body: unknown, token = GENERIC) =>
    app.request('/webhooks/generic', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('needs the bearer token and a from/text body', async () => {
    const { app } = setup();
    expect((await post(app, { from: '+32470112233', text: 'coke' }, 'wrong-token-0123456789')).status).toBe(401);
    expect((await post(app, { from: '+32470112233' })).status).toBe(400);
    expect((await post(app, '{not json')).status).toBe(400);
    expect((await post(app, { from: '+32470112233', text: 'coke', id: 'g1' })).status).toBe(200);
  });

  it('refuses bodies over the size limit and rate-limits a flooding sender', async () => {
    const { app } = setup({ rateLimitPerMinute: 5 });
    expect((await post(app, { from: '+32470112233', text: 'x'.repeat(70_000) })).status).toBe(413);
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await post(app, { from: '+32470112299', text: `msg ${i}`, id: `r${i}` })).status);
    expect(codes).toEqual([200, 200, 200, 200, 200, 429, 429]);
  });

  it('a webhook whose section is not configured answers 404; /health answers', async () => {
    const h = harness();
    const app = createApp({ engine: h.engine, store: h.store, config: h.config });
    expect((await app.request('/webhooks/generic', { method: 'POST', body: '{}' })).status).toBe(404);
    const health = await app.request('/health');
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', reasons: [], mode: 'auto', kill: false });
  });
});
