// Dealer calls through the webhooks. Twilio's facts, as read:
// - incoming-call webhook parameters CallSid, From, To, CallStatus and the status callback's
//   CallDuration: twilio.com/docs/usage/webhooks/voice-webhooks ("Incoming Voice Call", "Call
//   status callbacks"); the number's status callback URL is IncomingPhoneNumber.statusCallback
//   (twilio-node 6.3.1, lib/rest/api/v2010/account/incomingPhoneNumber.d.ts);
// - "If <Pause> is the first verb in a TwiML document, Twilio will wait the specified number of
//   seconds before picking up the call": twilio.com/docs/voice/twiml/pause;
// - "If the first verb in a TwiML document is <Reject>, Twilio will not pick up the call",
//   reason `busy` or `rejected`: twilio.com/docs/voice/twiml/reject, and RejectReason in
//   twilio-node's lib/twiml/VoiceResponse.d.ts;
// - <Say language>: twilio.com/docs/voice/twiml/say; nl-BE, en-GB and fr-BE are SayLanguage
//   values in twilio-node's lib/twiml/VoiceResponse.d.ts;
// - the signature: twilio-node's getExpectedTwilioSignature / validateRequest sign and check
//   these requests here, as for the SMS webhook.
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { createApp } from './http-app.js';
import { Intake } from '../engine/intake.js';
import { harness } from '../test-fixtures/harness.js';
import { fakeBrain } from '../test-fixtures/fake-brain.js';
import type { Brain } from '../engine/brain.js';

const TOKEN = 'twilio-auth-token-for-tests';
const BASE = 'https://bot.example.org';
const GENERIC = 'generic-token-0123456789';
const DEALER = '+32470112233';

function setup(config: Record<string, unknown> = {}, brain?: Brain) {
  const h = harness({ config: { publicUrl: BASE, twilio: { authToken: TOKEN }, generic: { token: GENERIC }, ...config }, ...(brain ? { brain } : {}) });
  const intake = new Intake(h.engine, h.store);
  const lines: string[] = [];
  const app = createApp({ engine: h.engine, store: h.store, config: h.config, intake, log: (l) => lines.push(l) });
  return { h, app, lines };
}

function signedPost(app: ReturnType<typeof createApp>, path: string, params: Record<string, string>, signature?: string) {
  const sig = signature ?? twilio.getExpectedTwilioSignature(TOKEN, `${BASE}${path}`, params);
  return app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sig },
    body: new URLSearchParams(params).toString(),
  });
}

const call = (sid: string, from = DEALER) => ({ CallSid: sid, AccountSid: 'AC0123456789', From: from, To: '+32460000000', CallStatus: 'ringing', Direction: 'inbound' });
const calls = (h: ReturnType<typeof harness>) => h.store.conversationsOf(DEALER).flatMap((c) => h.store.events(c.id)).filter((e) => e.kind === 'call');

function genericPost(app: ReturnType<typeof createApp>, body: unknown) {
  return app.request('/webhooks/generic', {
    method: 'POST',
    headers: { authorization: `Bearer ${GENERIC}`, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('POST /webhooks/twilio/voice', () => {
  it('logs a signed call of an engaged number, lets it ring and plays the greeting in the persona\'s language', async () => {
    const { h, app } = setup();
    h.say(DEALER, 'coke te koop');
    const decisions = h.store.rowCount('decisions');
    const outbox = h.store.rowCount('outbox');
    const res = await signedPost(app, '/webhooks/twilio/voice', call('CA0001'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/xml');
    const xml = await res.text();
    expect(xml).toMatch(/^<\?xml[^>]*\?><Response><Pause length="15"\/><Say language="nl-BE">[^<]+<\/Say><Hangup\/><\/Response>$/);
    expect(xml).not.toMatch(/<Record|<Gather|<Dial/);
    expect(calls(h)).toMatchObject([{ direction: 'in', kind: 'call', text: '', source: 'twilio-voice', duration_s: null, processed: true }]);
    // a call is his turn, as in the simulator: one new decision (at once: the harness's settle is
    // 0), on his last message, and the reply that was still waiting is superseded by it
    expect(h.store.rowCount('decisions')).toBe(decisions + 1);
    expect(h.store.rowCount('outbox')).toBe(outbox + 1);
    expect(h.store.outboxInState('superseded', 10)).toHaveLength(1);
    expect(h.store.decision(decisions + 1)!.trigger_event).toBe(h.store.events(1).find((e) => e.kind === 'sms')!.id);
  });

  it('refuses a forged call (403) and logs nothing', async () => {
    const { h, app } = setup();
    h.say(DEALER, 'coke te koop');
    const params = call('CA0002');
    const forged = twilio.getExpectedTwilioSignature('not-the-token', `${BASE}/webhooks/twilio/voice`, params);
    expect((await signedPost(app, '/webhooks/twilio/voice', params, forged)).status).toBe(403);
    // signed for the SMS URL: a signature covers the URL too
    const otherUrl = twilio.getExpectedTwilioSignature(TOKEN, `${BASE}/webhooks/twilio`, params);
    expect((await signedPost(app, '/webhooks/twilio/voice', params, otherUrl)).status).toBe(403);
    expect(calls(h)).toEqual([]);
  });

  it('a retried webhook (same CallSid) is one call; the status callback sets its duration', async () => {
    const { h, app } = setup({ voice: { ringSeconds: 5, greeting: false } });
    h.say(DEALER, 'coke te koop');
    expect(await (await signedPost(app, '/webhooks/twilio/voice', call('CA0003'))).text()).toContain('<Response><Pause length="5"/><Hangup/></Response>');
    await signedPost(app, '/webhooks/twilio/voice', call('CA0003'));
    expect(calls(h)).toHaveLength(1);
    // the intermediate callbacks carry no CallDuration and change nothing
    expect((await signedPost(app, '/webhooks/twilio/voice/status', { CallSid: 'CA0003', CallStatus: 'in-progress' })).status).toBe(200);
    expect(calls(h)[0]!.duration_s).toBeNull();
    const forged = await signedPost(app, '/webhooks/twilio/voice/status', { CallSid: 'CA0003', CallStatus: 'completed', CallDuration: '999' }, 'bm90IGEgc2lnbmF0dXJl');
    expect(forged.status).toBe(403);
    const done = await signedPost(app, '/webhooks/twilio/voice/status', { CallSid: 'CA0003', CallStatus: 'completed', CallDuration: '42' });
    expect(done.status).toBe(200);
    expect(calls(h)[0]!.duration_s).toBe(42);
    const bad = await signedPost(app, '/webhooks/twilio/voice/status', { CallSid: 'CA0003', CallStatus: 'completed', CallDuration: '4.5e3' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toBe('CallDuration must be a whole number of seconds\n');
    // a callback for a call that was never logged is answered and ignored
    expect((await signedPost(app, '/webhooks/twilio/voice/status', { CallSid: 'CA9999', CallStatus: 'completed', CallDuration: '3' })).status).toBe(200);
  });

  it('a stopped number\'s call is logged (0 s) and rejected, and still no message goes out', async () => {
    const { h, app } = setup();
    h.say(DEALER, 'coke te koop');
    h.say(DEALER, 'stop');
    expect(h.store.numberState(DEALER)).toBe('stopped');
    const res = await signedPost(app, '/webhooks/twilio/voice', call('CA0004'));
    expect(await res.text()).toMatch(/<Response><Reject reason="busy"\/><\/Response>$/);
    expect(calls(h)).toMatchObject([{ kind: 'call', duration_s: 0 }]);
    expect(h.store.numberState(DEALER)).toBe('stopped');
    await h.run(24 * 3_600_000);
    expect(h.sender.sent).toEqual([]);
  });

  it('the kill switch and the deny list reject calls of engaged numbers too', async () => {
    const { h, app } = setup();
    h.say(DEALER, 'coke te koop');
    h.store.setKillSwitch(true);
    expect(await (await signedPost(app, '/webhooks/twilio/voice', call('CA0005'))).text()).toContain('<Reject');
    const denied = setup({ deny: [DEALER] });
    denied.h.say(DEALER, 'coke te koop');
    expect(await (await signedPost(denied.app, '/webhooks/twilio/voice', call('CA0006'))).text()).toContain('<Reject');
  });

  it('a number that never wrote is rejected and not logged: a call starts no conversation', async () => {
    const { h, app, lines } = setup();
    const res = await signedPost(app, '/webhooks/twilio/voice', call('CA0007', '+32470999888'));
    expect(await res.text()).toContain('<Reject reason="busy"/>');
    expect(h.store.rowCount('conversations')).toBe(0);
    expect(h.store.rowCount('numbers')).toBe(0);
    expect(h.store.rowCount('events')).toBe(0);
    expect(lines).toEqual(['voice: call not logged (a number that never wrote); rejected']);
    // and a text afterwards is judged as that number's first message, as without the call
    h.say('+32470999888', 'hallo wie is dit');
    expect(h.store.numberState('+32470999888')).toBe('ignored');
  });

  it('an English persona gets the English greeting', async () => {
    const b = fakeBrain();
    const { h, app } = setup({}, { ...b, classify: (text: string) => ({ ...b.classify(text), lang: 'en' as const }) });
    h.say(DEALER, 'coke for sale');
    expect(h.store.conversationsOf(DEALER)[0]!.lang).toBe('en');
    expect(await (await signedPost(app, '/webhooks/twilio/voice', call('CA0008'))).text()).toContain('<Say language="en-GB">The person you are calling');
  });
});

describe('POST /webhooks/generic {"kind": "call"}', () => {
  it('logs the call with its duration, once per id', async () => {
    const { h, app } = setup();
    h.say(DEALER, 'coke te koop');
    const res = await genericPost(app, { kind: 'call', from: '0470 11 22 33', duration_s: 65, id: 'gw-1' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, recorded: true, duplicate: false });
    expect(await (await genericPost(app, { kind: 'call', from: DEALER, duration_s: 70, id: 'gw-1' })).json()).toEqual({ ok: true, recorded: false, duplicate: true });
    expect(calls(h)).toMatchObject([{ kind: 'call', duration_s: 70, source: 'generic' }]);
    // a text still works, with or without kind
    expect((await genericPost(app, { kind: 'sms', from: DEALER, text: 'bel me' })).status).toBe(200);
    expect((await genericPost(app, { from: DEALER, text: 'bel me' })).status).toBe(200);
  });

  it('refuses bad input with one line', async () => {
    const { h, app } = setup();
    h.say(DEALER, 'coke te koop');
    const cases: [unknown, string][] = [
      [{ kind: 'call', from: DEALER }, 'a call needs "duration_s": seconds connected, 0 to 86400\n'],
      [{ kind: 'call', from: DEALER, duration_s: -1 }, 'a call needs "duration_s": seconds connected, 0 to 86400\n'],
      [{ kind: 'call', from: DEALER, duration_s: '60' }, 'a call needs "duration_s": seconds connected, 0 to 86400\n'],
      [{ kind: 'call', duration_s: 3 }, 'a call needs a "from" string\n'],
      [{ kind: 'call', from: DEALER, duration_s: 3, id: 7 }, '"id" must be a string\n'],
      [{ kind: 'fax', from: DEALER }, '"kind" must be "sms" or "call"\n'],
      ['null', 'body is not a JSON object\n'],
    ];
    for (const [body, says] of cases) {
      const res = await genericPost(app, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await res.text()).toBe(says);
    }
    expect(calls(h)).toEqual([]);
  });
});
