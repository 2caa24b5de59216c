// Twilio: delivery reports, recipients that can never be reached, and no blind resend.
// Shapes and codes from: twilio-node 6.3.1 (node_modules/twilio: lib/webhooks/webhooks.js for
// signatures, lib/rest/api/v2010/account/message.d.ts for `statusCallback` and the message
// statuses queued/sending/sent/failed/delivered/undelivered/…); Twilio's error pages
// twilio.com/docs/api/errors/21614, /21635, /30003 (temporary: "retry"), /30006 ("in the Message
// resource ErrorCode, and in StatusCallback requests"; landline: "do not retry"), /80901 (STOP);
// the REST error body {"code", "message", "more_info", "status"}.
import twilio from 'twilio';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../http/http-app.js';
import { Intake } from '../../engine/intake.js';
import { harness } from '../../test-fixtures/harness.js';
import { fakeServer, type FakeServer } from '../../test-fixtures/fake-http.js';
import { startupWarnings } from '../../serve/startup-warnings.js';
import { parseConfig } from '../../config.js';
import { TWILIO_STATUS_PATH, TwilioSender } from './twilio-sender.js';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'twilio-auth-token-for-tests';
const BASE = 'https://bot.example.org';
const DEALER = '+32470112233';
const OURS = '+32460000000';
const HOUR = 3_600_000;

let gw: FakeServer | null = null;
afterEach(async () => {
  await gw?.close();
  gw = null;
});

/** a fake Twilio Messages API: POST creates (or refuses), GET lists what was created */
async function fakeTwilio(now: () => number, post: (n: number) => 'ok' | 'hang' | 'lost' | { code: number; status: number }) {
  const created: { sid: string; body: string; to: string; date_created: string; status: string }[] = [];
  let posts = 0;
  const server = await fakeServer((r) => {
    if (r.method === 'GET') return { status: 200, body: JSON.stringify({ messages: created, page: 0, page_size: 50 }) };
    const form = new URLSearchParams(r.body);
    const what = post(++posts);
    if (what === 'lost') return { hang: 1500 }; // never created: the request died on its way in
    if (typeof what === 'object')
      return { status: what.status, body: JSON.stringify({ code: what.code, message: 'refused', more_info: `https://www.twilio.com/docs/errors/${what.code}`, status: what.status }) };
    const msg = { sid: `SM${String(created.length + 1).padStart(32, '0')}`, body: form.get('Body')!, to: form.get('To')!, date_created: new Date(now()).toUTCString(), status: 'queued' };
    created.push(msg);
    return what === 'hang' ? { hang: 1500 } : { status: 201, body: JSON.stringify(msg) };
  });
  return { server, created };
}

function twilioHarness(sender: (url: string) => TwilioSender, url: string) {
  return harness({ config: { publicUrl: BASE, twilio: { authToken: TOKEN } }, gateway: sender(url) });
}

const sender = (statusCallback?: string) => (url: string) =>
  new TwilioSender({ accountSid: SID, authToken: TOKEN, from: OURS, apiBase: url, timeoutMs: 300, ...(statusCallback ? { statusCallback } : {}) });

describe('TwilioSender', () => {
  it('names the StatusCallback on every send and records Twilio\'s first status', async () => {
    let h!: ReturnType<typeof harness>;
    const t = await fakeTwilio(() => h.clock.now(), () => 'ok');
    gw = t.server;
    h = twilioHarness(sender(BASE + TWILIO_STATUS_PATH), t.server.url);
    h.say(DEALER, 'coke te koop');
    await h.run(HOUR);
    const form = new URLSearchParams(t.server.requests[0]!.body);
    expect(form.get('StatusCallback')).toBe('https://bot.example.org/webhooks/twilio/status');
    expect(h.store.outboxInState('sent')[0]).toMatchObject({ gateway_id: t.created[0]!.sid, delivery: 'queued' });
  });

  it('21610 (unsubscribed) stops the number for good with one alert: later dealer messages trigger no send', async () => {
    let h!: ReturnType<typeof harness>;
    const t = await fakeTwilio(() => h.clock.now(), () => ({ code: 21610, status: 400 }));
    gw = t.server;
    h = twilioHarness(sender(), t.server.url);
    h.say(DEALER, 'coke te koop');
    await h.run(HOUR);
    expect(h.store.numberState(DEALER)).toBe('stopped');
    h.say(DEALER, 'weed te koop, 50 euro');
    h.say(DEALER, 'hallo??');
    await h.run(3 * HOUR);
    expect(t.server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    const alerts = h.store.alerts().filter((a) => a.number === DEALER);
    expect(alerts.map((a) => a.kind)).toEqual(['stopped']);
    expect(alerts[0]!.message).toContain('Twilio 21610');
  });

  // the other refusals at send that say the recipient can never be reached (twilio-errors.ts;
  // twilio.com/docs/api/errors/21211, /21614, /21635): 400 with the REST error body
  it.each([21211, 21614, 21635])('%i at send stops the number for good with one alert naming the code', async (code) => {
    let h!: ReturnType<typeof harness>;
    const t = await fakeTwilio(() => h.clock.now(), () => ({ code, status: 400 }));
    gw = t.server;
    h = twilioHarness(sender(), t.server.url);
    h.say(DEALER, 'coke te koop');
    await h.run(HOUR);
    expect(h.store.numberState(DEALER)).toBe('stopped');
    expect(h.store.outboxInState('failed')).toHaveLength(1);
    const alerts = h.store.alerts();
    expect(alerts.map((a) => a.kind)).toEqual(['stopped']);
    expect(alerts[0]!.message).toContain(`Twilio ${code}`);
    h.say(DEALER, 'hallo??');
    await h.run(HOUR);
    expect(t.server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('a refusal that is not the recipient\'s end (20003 credentials) fails the reply but leaves the number engaged', async () => {
    let h!: ReturnType<typeof harness>;
    const t = await fakeTwilio(() => h.clock.now(), () => ({ code: 20003, status: 401 }));
    gw = t.server;
    h = twilioHarness(sender(), t.server.url);
    h.say(DEALER, 'coke te koop');
    await h.run(HOUR);
    expect(h.store.numberState(DEALER)).toBe('engaged');
    expect(h.store.alerts().map((a) => a.kind)).toEqual(['send-failed']);
  });

  it('a timeout after Twilio took the message: the retry looks it up, finds it, and does not send it again', async () => {
    let h!: ReturnType<typeof harness>;
    const t = await fakeTwilio(() => h.clock.now(), (n) => (n === 1 ? 'hang' : 'ok'));
    gw = t.server;
    h = twilioHarness(sender(), t.server.url);
    h.say(DEALER, 'coke te koop');
    await h.run(HOUR);
    await h.run(HOUR); // past the retry's backoff
    expect(t.server.requests.map((r) => r.method)).toEqual(['POST', 'GET']);
    expect(t.created).toHaveLength(1);
    expect(h.store.outboxInState('sent')).toHaveLength(1);
  });

  // Twilio's StatusCallback names the message by its SID (MessageSid), never by our send id: a
  // reply a lookup found at Twilio must carry that SID as its gateway id, or every later report
  // on it is "not ours". Message list fields (sid, status, body, date_created) as in twilio-node
  // 6.3.1 lib/rest/api/v2010/account/message.d.ts (MessageInstance).
  const statusReport = (app: ReturnType<typeof createApp>, sid: string, s: string) => {
    const params = { AccountSid: SID, ApiVersion: '2010-04-01', From: OURS, To: DEALER, MessageSid: sid, SmsSid: sid, MessageStatus: s, SmsStatus: s };
    return app.request(TWILIO_STATUS_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(TOKEN, BASE + TWILIO_STATUS_PATH, params) },
      body: new URLSearchParams(params).toString(),
    });
  };

  it('a reply the retry\'s lookup finds keeps its send id, takes Twilio\'s SID as gateway id, and later StatusCallbacks reach it', async () => {
    let h!: ReturnType<typeof harness>;
    const t = await fakeTwilio(() => h.clock.now(), (n) => (n === 1 ? 'hang' : 'ok'));
    gw = t.server;
    h = twilioHarness(sender(BASE + TWILIO_STATUS_PATH), t.server.url);
    h.say(DEALER, 'coke te koop');
    await h.run(2 * HOUR);
    expect(t.server.requests.map((r) => r.method)).toEqual(['POST', 'GET']);
    const [row] = h.store.outboxInState('sent');
    expect(row!.send_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(row).toMatchObject({ gateway_id: t.created[0]!.sid, delivery: 'queued' });
    const app = createApp({ engine: h.engine, store: h.store, config: h.config, intake: new Intake(h.engine, h.store) });
    expect((await statusReport(app, t.created[0]!.sid, 'delivered')).status).toBe(200);
    expect(h.store.outbox(row!.id)).toMatchObject({ delivery: 'delivered' });
  });

  it('after a crash mid-send, recovery that finds the reply at Twilio records its SID beside the send id', async () => {
    let h!: ReturnType<typeof harness>;
    const t = await fakeTwilio(() => h.clock.now(), () => 'ok');
    gw = t.server;
    h = twilioHarness(sender(BASE + TWILIO_STATUS_PATH), t.server.url);
    h.say(DEALER, 'coke te koop');
    // the crash: the row was marked "sending" and reached Twilio, and nothing was recorded after
    const [due] = h.store.outboxInState('scheduled').filter((r) => r.kind === 'sms');
    expect(due).toBeDefined();
    expect(h.store.markSending(due!.id)).toBe(true);
    t.created.push({ sid: 'SM' + 'a'.repeat(32), body: due!.text, to: DEALER, date_created: new Date(h.clock.now()).toUTCString(), status: 'sent' });
    expect(await h.dispatcher.recover()).toEqual({ sent: 1, resent: 0, unknown: 0 });
    const row = h.store.outbox(due!.id)!;
    expect(row.send_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(row).toMatchObject({ state: 'sent', gateway_id: 'SM' + 'a'.repeat(32), delivery: 'sent' });
    const app = createApp({ engine: h.engine, store: h.store, config: h.config, intake: new Intake(h.engine, h.store) });
    await statusReport(app, 'SM' + 'a'.repeat(32), 'undelivered');
    expect(h.store.outbox(row.id)).toMatchObject({ delivery: 'undelivered' });
    expect(t.server.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('a timeout before Twilio took it: the lookup shows it absent, and only then is it sent again', async () => {
    let h!: ReturnType<typeof harness>;
    const t = await fakeTwilio(() => h.clock.now(), (n) => (n === 1 ? 'lost' : 'ok'));
    gw = t.server;
    h = twilioHarness(sender(), t.server.url);
    h.say(DEALER, 'coke te koop');
    await h.run(2 * HOUR); // the send, the timeout, the retry's backoff, the lookup, the send
    expect(t.server.requests.map((r) => r.method)).toEqual(['POST', 'GET', 'POST']);
    expect(t.created).toHaveLength(1);
    expect(h.store.outboxInState('sent')[0]).toMatchObject({ check_first: false });
  });
});

describe('POST /webhooks/twilio/status', () => {
  function setup() {
    const h = harness({ config: { publicUrl: BASE, twilio: { authToken: TOKEN } } });
    const intake = new Intake(h.engine, h.store);
    const app = createApp({ engine: h.engine, store: h.store, config: h.config, intake });
    const post = (params: Record<string, string>, signature?: string) =>
      app.request(TWILIO_STATUS_PATH, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': signature ?? twilio.getExpectedTwilioSignature(TOKEN, BASE + TWILIO_STATUS_PATH, params),
        },
        body: new URLSearchParams(params).toString(),
      });
    return { h, post };
  }
  /** a reply sent through Twilio: its sid is the recording sender's gateway id */
  async function sentReply(h: ReturnType<typeof harness>) {
    h.say(DEALER, 'coke te koop');
    await h.run(HOUR);
    return h.store.outboxInState('sent')[0]!;
  }
  const status = (sid: string, s: string, extra: Record<string, string> = {}) => ({
    AccountSid: SID, ApiVersion: '2010-04-01', From: OURS, To: DEALER, MessageSid: sid, SmsSid: sid, MessageStatus: s, SmsStatus: s, ...extra,
  });

  it('records sent then delivered on the reply with that MessageSid', async () => {
    const { h, post } = setup();
    const reply = await sentReply(h);
    expect((await post(status(reply.gateway_id!, 'sent'))).status).toBe(200);
    expect((await post(status(reply.gateway_id!, 'delivered'))).status).toBe(200);
    expect((await post(status(reply.gateway_id!, 'sent'))).status).toBe(200); // a retried, older report
    expect(h.store.outbox(reply.id)).toMatchObject({ delivery: 'delivered', delivery_error: null });
  });

  it('undelivered with 30006 (landline) stops the number with one alert; 30003 (handset off) does not', async () => {
    const { h, post } = setup();
    const reply = await sentReply(h);
    await post(status(reply.gateway_id!, 'undelivered', { ErrorCode: '30003' }));
    expect(h.store.outbox(reply.id)).toMatchObject({ delivery: 'undelivered', delivery_error: '30003' });
    expect(h.store.numberState(DEALER)).toBe('engaged');
    expect(h.store.alerts().map((a) => [a.kind, a.message])).toEqual([['undelivered', `reply #${reply.id} undelivered (30003): the dealer did not get it`]]);

    const { h: h2, post: post2 } = setup();
    const r2 = await sentReply(h2);
    await post2(status(r2.gateway_id!, 'undelivered', { ErrorCode: '30006' }));
    await post2(status(r2.gateway_id!, 'undelivered', { ErrorCode: '30006' })); // Twilio retries
    expect(h2.store.numberState(DEALER)).toBe('stopped');
    expect(h2.store.alerts().map((a) => a.kind)).toEqual(['stopped']); // the stop says it; no second alert
  });

  it('is signed like the SMS webhook, and a report without a status is one line', async () => {
    const { h, post } = setup();
    const reply = await sentReply(h);
    const forged = twilio.getExpectedTwilioSignature('not-the-token', BASE + TWILIO_STATUS_PATH, status(reply.gateway_id!, 'delivered'));
    expect((await post(status(reply.gateway_id!, 'delivered'), forged)).status).toBe(403);
    expect(h.store.outbox(reply.id)!.delivery).toBeNull();
    const res = await post({ MessageSid: reply.gateway_id! });
    expect(res.status).toBe(400);
    expect(await res.text()).toBe('missing MessageSid or MessageStatus\n');
  });
});

describe('serve start-up warnings', () => {
  it('warns when Twilio is configured and publicUrl is missing, and only then', () => {
    const twilioOut = { outbound: { kind: 'twilio' }, twilio: { accountSid: SID, authToken: TOKEN, from: OURS } };
    expect(startupWarnings(parseConfig(twilioOut))).toEqual([expect.stringMatching(/^warning: Twilio is configured but publicUrl is not: .*403.*set publicUrl/)]);
    expect(startupWarnings(parseConfig({ twilio: { authToken: TOKEN } }))).toHaveLength(1); // inbound only
    expect(startupWarnings(parseConfig({ ...twilioOut, publicUrl: BASE }))).toEqual([]);
    expect(startupWarnings(parseConfig({}))).toEqual([]);
  });
});
