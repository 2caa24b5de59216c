// android-sms-gateway as it is in 2026. The payloads are shaped like the app's own, read in
// capcom6/android-sms-gateway at 0cdc5d86 (app/src/main/java/me/capcom/smsgateway/modules/webhooks/):
//   domain/WebHookEventDTO.kt          {id, webhookId, event, deviceId, payload}
//   payload/MessageEventPayload.kt     messageId, sender, recipient, simNumber, phoneNumber (deprecated)
//   payload/SmsEventPayload.kt         SmsReceived(message, receivedAt), SmsSent(partsCount, sentAt),
//                                      SmsDelivered(deliveredAt), SmsFailed(failedAt, reason)
//   payload/MmsReceivedPayload.kt      transactionId, subject, size, contentClass, receivedAt
//   extensions/GsonBuilder.kt          dates "yyyy-MM-dd'T'HH:mm:ss.SSSXXX" (the phone's offset)
// and the send API in android-sms-gateway/server at 22074dda:
//   internal/sms-gateway/openapi/docs.go      smsgateway.Message (id ≤ 36 chars, ttl ≥ 5, simNumber 1-3,
//                                             deviceId, withDeliveryReport), GetMessageResponse, ProcessingState
//   internal/sms-gateway/handlers/messages/3rdparty.go   409 {"message":"message with the same ID already exists"}
//   internal/sms-gateway/modules/messages/models.go      ext_id unique per device (unq_messages_id_device)
import { afterEach, describe, expect, it } from 'vitest';
import { androidSignature } from './android-signature.js';
import { AndroidGatewaySender } from './android-gateway-sender.js';
import { readAndroidWebhook } from './android-webhook.js';
import { createApp } from '../../http/http-app.js';
import { Intake } from '../../engine/intake.js';
import { harness } from '../../test-fixtures/harness.js';
import { fakeServer, type FakeServer } from '../../test-fixtures/fake-http.js';
import { SendError, type OutboundMessage } from '../sender.js';

const SIGNING = 'android-signing-key';
const NOW = Date.UTC(2026, 2, 5, 20, 0, 0);
const DEVICE = 'PyDmBQZZXYmyxMwED8Fzy';

function setup() {
  const h = harness({ config: { androidGateway: { signingKey: SIGNING } } });
  const intake = new Intake(h.engine, h.store);
  const app = createApp({ engine: h.engine, store: h.store, config: h.config, intake, wallNow: () => NOW });
  const post = (event: unknown) => {
    const body = JSON.stringify(event);
    const ts = String(Math.floor(NOW / 1000));
    return app.request('/webhooks/android-gateway', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-timestamp': ts, 'x-signature': androidSignature(SIGNING, body, ts) },
      body,
    });
  };
  const run = async (ms: number) => {
    await intake.idle();
    await h.run(ms);
  };
  return { h, post, run };
}

/** an sms:received as the app sends it since its 2026 payloads: sender/recipient, no phoneNumber */
const received = (id: string, payload: Record<string, unknown> = {}) => ({
  id,
  webhookId: 'LreFUt-Z3sSq0JufY9uWB',
  event: 'sms:received',
  deviceId: DEVICE,
  payload: { messageId: '69bde8d0', sender: '+32470112233', recipient: '+32460000000', simNumber: 2, message: 'weed te koop', receivedAt: '2026-03-05T20:58:00.000+01:00', ...payload },
});

describe('android-sms-gateway webhooks', () => {
  it('accepts a sender-only sms:received, keeps receivedAt beside the arrival time, and replies from the SIM and device it came in on', async () => {
    const { h, post, run } = setup();
    const res = await post(received('ev1'));
    expect(res.status).toBe(200);
    await run(3_600_000);
    const [ev] = h.store.events(1);
    expect(ev).toMatchObject({ direction: 'in', text: 'weed te koop', received_ms: Date.parse('2026-03-05T19:58:00.000Z') });
    expect(h.store.conversation(1)).toMatchObject({ sim_number: 2, device_id: DEVICE });
    expect(h.sender.sent).toHaveLength(1);
    expect(h.sender.sent[0]).toMatchObject({ to: '+32470112233', simNumber: 2, deviceId: DEVICE });
  });

  it('still reads the deprecated phoneNumber of older app versions', async () => {
    const { h, post, run } = setup();
    const old = received('ev2', { sender: undefined, recipient: undefined, phoneNumber: '0470112233' });
    expect((await post(old)).status).toBe(200);
    await run(3_600_000);
    expect(h.sender.sent.map((m) => m.to)).toEqual(['+32470112233']);
  });

  it('stores mms:received as an MMS event with its text (the subject), and answers it like an SMS', async () => {
    const { h, post, run } = setup();
    const mms = {
      id: 'ev3', webhookId: 'LreFUt-Z3sSq0JufY9uWB', event: 'mms:received', deviceId: DEVICE,
      payload: { messageId: 'mms-1', sender: '+32470112233', recipient: null, simNumber: 1, transactionId: 'T1a2b3', subject: 'weed te koop, kijk foto', size: 48213, contentClass: 'IMAGE_BASIC', receivedAt: '2026-03-05T20:59:00.000+01:00' },
    };
    const res = await post(mms);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    await run(3_600_000);
    expect(h.store.events(1)[0]).toMatchObject({ kind: 'mms', text: 'weed te koop, kijk foto' });
    expect(h.sender.sent).toHaveLength(1);
  });

  // mms:downloaded, read in capcom6/android-sms-gateway at 0cdc5d86:
  //   app/src/main/java/me/capcom/smsgateway/modules/webhooks/payload/MmsDownloadedPayload.kt
  //     messageId, sender, recipient, simNumber, body, subject, attachments[{partId, contentType,
  //     name, size, data (the part, base64)}], receivedAt
  //   modules/receiver/ReceiverService.kt: mms:received's messageId is the MMS Message-ID (or the
  //     transaction id), mms:downloaded's the phone's MMS row id (MmsContentObserver.kt): the two
  //     share no id; mms:received has no body (an M-Notification.ind, before download)
  //   modules/receiver/MmsContentReader.kt: body = the text/plain parts joined by "\n"
  // It is the same MMS: it completes the stored event and is never a second message or decision.
  const mmsReceived = (id: string, subject: string | null, extra: Record<string, unknown> = {}) => ({
    id, webhookId: 'LreFUt-Z3sSq0JufY9uWB', event: 'mms:received', deviceId: DEVICE,
    payload: { messageId: '<0a1b2c3d@mms.example>', sender: '+32470112233', recipient: '+32460000000', simNumber: 1, phoneNumber: '+32470112233', transactionId: 'T1a2b3', subject, size: 48213, contentClass: 'IMAGE_BASIC', receivedAt: '2026-03-05T20:59:00.000+01:00', ...extra },
  });
  const mmsDownloaded = (id: string, body: string | null, extra: Record<string, unknown> = {}) => ({
    id, webhookId: 'LreFUt-Z3sSq0JufY9uWC', event: 'mms:downloaded', deviceId: DEVICE,
    payload: {
      messageId: '1287', sender: '+32470112233', recipient: '+32460000000', simNumber: 1, phoneNumber: '+32470112233', body, subject: null,
      attachments: [{ partId: 4411, contentType: 'image/jpeg', name: 'IMG_0412.jpg', size: 12, data: Buffer.from('not-a-jpeg!!').toString('base64') }],
      receivedAt: '2026-03-05T20:59:00.000+01:00', ...extra,
    },
  });

  it('mms:downloaded completes the MMS event with its body: one event, one decision, a retry changes nothing', async () => {
    const { h, post, run } = setup();
    expect((await post(mmsReceived('ev6', 'Menu'))).status).toBe(200);
    await run(60_000);
    const res = await post(mmsDownloaded('ev7', 'coke 50 euro de gram\nweed 10 euro'));
    expect(await res.json()).toEqual({ ok: true });
    expect((await post(mmsDownloaded('ev7', 'coke 50 euro de gram\nweed 10 euro'))).status).toBe(200); // the app retries
    await run(3_600_000);
    const events = h.store.events(1).filter((e) => e.direction === 'in');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'mms', text: 'Menu\ncoke 50 euro de gram\nweed 10 euro', act: 'promo' });
    expect(h.store.rowCount('decisions')).toBe(1);
    expect(h.sender.sent).toHaveLength(1);
  });

  it('an MMS whose subject did not engage the number: the body is judged as its first message, and the first reply follows', async () => {
    const { h, post, run } = setup();
    await post(mmsReceived('ev8', null));
    await run(60_000);
    expect(h.store.numberState('+32470112233')).toBe('ignored');
    expect(h.sender.sent).toHaveLength(0);
    await post(mmsDownloaded('ev9', 'weed te koop, kijk foto'));
    await run(3_600_000);
    expect(h.store.numberState('+32470112233')).toBe('engaged');
    expect(h.store.events(1).filter((e) => e.direction === 'in').map((e) => e.text)).toEqual(['weed te koop, kijk foto']);
    expect(h.store.rowCount('decisions')).toBe(1);
    expect(h.sender.sent).toHaveLength(1);
  });

  it('an opt-out in the body stops the number and cancels the pending reply', async () => {
    const { h, post, run } = setup();
    await post(mmsReceived('ev10', 'coke te koop'));
    await run(0);
    expect(h.store.outboxInState('scheduled').filter((r) => r.kind === 'sms')).toHaveLength(1);
    await post(mmsDownloaded('ev11', 'STOP'));
    expect(h.store.numberState('+32470112233')).toBe('stopped');
    await h.run(3_600_000);
    expect(h.sender.sent).toHaveLength(0);
  });

  it('mms:downloaded with no stored MMS is answered {"ignored"} and stores nothing; a photo MMS passes the body limit', async () => {
    const { h, post } = setup();
    const big = mmsDownloaded('ev12', 'wa wilde', { attachments: [{ partId: 1, contentType: 'image/jpeg', name: 'x.jpg', size: 600_000, data: 'A'.repeat(800_000) }] });
    const res = await post(big);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, ignored: 'no mms:received from this sender waits for its body' });
    expect(h.store.rowCount('events')).toBe(0);
  });

  it('two MMS waiting: each body goes to the one the phone dated nearest', async () => {
    const { h, post, run } = setup();
    await post(mmsReceived('a1', null, { receivedAt: '2026-03-05T20:50:00.000+01:00' }));
    await post(mmsReceived('a2', null, { receivedAt: '2026-03-05T20:59:00.000+01:00', transactionId: 'T9' }));
    await run(0);
    await post(mmsDownloaded('d2', 'tweede', { receivedAt: '2026-03-05T20:59:01.000+01:00' }));
    await post(mmsDownloaded('d1', 'eerste', { receivedAt: '2026-03-05T20:50:02.000+01:00' }));
    expect(h.store.events(1).filter((e) => e.direction === 'in').map((e) => e.text)).toEqual(['eerste', 'tweede']);
  });

  it('records sms:sent / sms:delivered / sms:failed on the reply they name, never moving a state back', async () => {
    const { h, post, run } = setup();
    await post(received('ev4'));
    await run(3_600_000);
    const reply = h.store.outboxInState('sent')[0]!;
    expect(reply.send_id).toMatch(/^[0-9a-f-]{36}$/);
    const report = (event: string, extra: Record<string, unknown>) => ({
      id: `r-${event}`, webhookId: 'w', event, deviceId: DEVICE,
      payload: { messageId: reply.send_id, sender: null, recipient: '+32470112233', simNumber: 2, phoneNumber: '+32470112233', ...extra },
    });
    expect((await post(report('sms:delivered', { deliveredAt: '2026-03-05T21:10:02.000+01:00' }))).status).toBe(200);
    expect((await post(report('sms:sent', { partsCount: 1, sentAt: '2026-03-05T21:10:00.000+01:00' }))).status).toBe(200); // late
    expect(h.store.outbox(reply.id)).toMatchObject({ delivery: 'delivered', delivery_error: null });
    const other = await post({ ...report('sms:failed', { failedAt: '2026-03-05T21:10:00.000+01:00', reason: 'RESULT_ERROR_GENERIC_FAILURE' }), payload: { messageId: 'not-ours', recipient: '+32470112233' } });
    expect(await other.json()).toEqual({ ok: true, ignored: 'unknown messageId' });
  });

  it('a failed reply is recorded failed with the phone\'s reason, and raises one alert', async () => {
    const { h, post, run } = setup();
    await post(received('ev5'));
    await run(3_600_000);
    const reply = h.store.outboxInState('sent')[0]!;
    await post({ id: 'r1', webhookId: 'w', event: 'sms:failed', deviceId: DEVICE, payload: { messageId: reply.send_id, recipient: '+32470112233', simNumber: 2, failedAt: '2026-03-05T21:10:00.000+01:00', reason: 'RESULT_ERROR_NO_SERVICE' } });
    expect(h.store.outbox(reply.id)).toMatchObject({ delivery: 'failed', delivery_error: 'RESULT_ERROR_NO_SERVICE' });
    // the operator is told once, also when the app sends the report again
    await post({ id: 'r1b', webhookId: 'w', event: 'sms:failed', deviceId: DEVICE, payload: { messageId: reply.send_id, recipient: '+32470112233', simNumber: 2, failedAt: '2026-03-05T21:10:00.000+01:00', reason: 'RESULT_ERROR_NO_SERVICE' } });
    const alerts = h.store.alerts().filter((a) => a.kind === 'undelivered');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ number: '+32470112233', message: `reply #${reply.id} failed (RESULT_ERROR_NO_SERVICE): the dealer did not get it` });
    expect(h.store.numberState('+32470112233')).toBe('engaged');
  });

  // sms:cancelled, added to the app on 2026-07-06 (capcom6/android-sms-gateway cd6c30a,
  // webhooks/EventsReceiver.kt: ProcessingState.Cancelled -> WebHookEvent.SmsCancelled;
  // payload/SmsEventPayload.kt SmsCancelled(messageId, sender, recipient, simNumber, cancelledAt)):
  // a message still Pending that someone cancelled (DELETE /messages/{id}) never leaves the phone.
  it('sms:cancelled records the reply failed ("cancelled"), with one alert, and no later report revives it', async () => {
    const { h, post, run } = setup();
    await post(received('ev13'));
    await run(3_600_000);
    const reply = h.store.outboxInState('sent')[0]!;
    const cancelled = {
      id: 'r-c1', webhookId: 'w', event: 'sms:cancelled', deviceId: DEVICE,
      payload: { messageId: reply.send_id, sender: '+32460000000', recipient: '+32470112233', simNumber: 2, phoneNumber: '+32470112233', cancelledAt: '2026-03-05T21:10:00.000+01:00' },
    };
    const res = await post(cancelled);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(h.store.outbox(reply.id)).toMatchObject({ delivery: 'failed', delivery_error: 'cancelled' });
    await post({ ...cancelled, id: 'r-c2' }); // the app retries the webhook
    expect(h.store.alerts().filter((a) => a.kind === 'undelivered').map((a) => a.message)).toEqual([`reply #${reply.id} failed (cancelled): the dealer did not get it`]);
    expect(h.store.numberState('+32470112233')).toBe('engaged');
  });

  it('bad input gets 400 and one line naming the reason', async () => {
    const { h, post } = setup();
    const cases: [unknown, string][] = [
      [received('b1', { sender: undefined, phoneNumber: undefined }), 'sms:received payload needs sender (or the older phoneNumber)\n'],
      [received('b2', { simNumber: 7 }), 'simNumber must be 1, 2 or 3 (got 7)\n'],
      [received('b3', { receivedAt: 'yesterday' }), 'receivedAt is not an ISO 8601 date\n'],
      [received('b4', { message: 42 }), 'sms:received payload needs message (a string)\n'],
      [{ event: 'sms:delivered', payload: { recipient: '+32470112233' } }, 'sms:delivered payload needs messageId\n'],
      [{ event: 'mms:received' }, 'mms:received has no payload object\n'],
      [{ event: 'mms:downloaded', payload: { sender: '+32470112233', body: 7 } }, 'mms:downloaded body must be a string or null\n'],
      [{ event: 'mms:downloaded', payload: { sender: '+32470112233', body: 'x', receivedAt: 5 } }, 'receivedAt is not an ISO 8601 date\n'],
    ];
    for (const [body, line] of cases) {
      const res = await post(body);
      expect(res.status, line).toBe(400);
      expect(await res.text()).toBe(line);
    }
    expect(h.store.rowCount('events')).toBe(0);
  });

  it('events it does not use are answered {"ignored"} (not retried by the app)', () => {
    expect(readAndroidWebhook(JSON.stringify({ event: 'system:ping', payload: { health: 'pass' } }), NOW)).toEqual({ type: 'ignored', event: 'system:ping' });
  });
});

describe('AndroidGatewaySender against a fake gateway', () => {
  let gw: FakeServer | null = null;
  afterEach(async () => {
    await gw?.close();
    gw = null;
  });
  const msg = (over: Partial<OutboundMessage> = {}): OutboundMessage => ({
    id: 1, sendId: '5f0c3c3e-8d6f-4a53-9d0e-3a2b1c0d9e8f', to: '+32470112233', text: 'wa hebde?', tactic: 'ask_menu', conversation: 1, ts: NOW, simNumber: 2, deviceId: DEVICE, ...over,
  });

  it('sends our UUID as the id, with ttl, simNumber, deviceId and a delivery report asked for', async () => {
    gw = await fakeServer(() => ({ status: 202, body: JSON.stringify({ id: 'x', deviceId: DEVICE, state: 'Pending', recipients: [] }) }));
    const s = new AndroidGatewaySender({ url: gw.url, username: 'u', password: 'p' });
    expect(await s.send(msg())).toEqual({ gatewayId: '5f0c3c3e-8d6f-4a53-9d0e-3a2b1c0d9e8f', delivery: 'accepted' });
    expect(JSON.parse(gw.requests[0]!.body)).toEqual({
      id: '5f0c3c3e-8d6f-4a53-9d0e-3a2b1c0d9e8f', textMessage: { text: 'wa hebde?' }, phoneNumbers: ['+32470112233'],
      withDeliveryReport: true, ttl: 3600, simNumber: 2, deviceId: DEVICE,
    });
  });

  it('reads 409 as "already there": looks the message up and records what the gateway knows', async () => {
    gw = await fakeServer((r) =>
      r.method === 'POST'
        ? { status: 409, body: '{"message":"message with the same ID already exists"}' }
        : { status: 200, body: JSON.stringify({ id: '5f0c3c3e-8d6f-4a53-9d0e-3a2b1c0d9e8f', deviceId: DEVICE, state: 'Sent', recipients: [{ phoneNumber: '+32470112233', state: 'Sent' }] }) },
    );
    const s = new AndroidGatewaySender({ url: gw.url, username: 'u', password: 'p' });
    expect(await s.send(msg())).toEqual({ gatewayId: '5f0c3c3e-8d6f-4a53-9d0e-3a2b1c0d9e8f', delivery: 'sent' });
    expect(gw.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /messages', 'GET /messages/5f0c3c3e-8d6f-4a53-9d0e-3a2b1c0d9e8f']);
  });

  it('a 409 for an id the gateway then does not find is a permanent failure that says so', async () => {
    gw = await fakeServer((r) => (r.method === 'POST' ? { status: 409, body: '{"message":"message with the same ID already exists"}' } : { status: 404, body: '{"message":"message not found"}' }));
    const s = new AndroidGatewaySender({ url: gw.url, username: 'u', password: 'p' });
    const e = await s.send(msg()).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SendError);
    expect((e as SendError).permanent).toBe(true);
    expect((e as SendError).message).toMatch(/answered 409 for message 5f0c3c3e-.* but does not find it/);
  });

  it('a lookup that finds the message answers with the state the gateway has it in (GetMessageResponse.state)', async () => {
    gw = await fakeServer(() => ({ status: 200, body: JSON.stringify({ id: '5f0c3c3e-8d6f-4a53-9d0e-3a2b1c0d9e8f', deviceId: DEVICE, state: 'Delivered', recipients: [] }) }));
    const s = new AndroidGatewaySender({ url: gw.url, username: 'u', password: 'p' });
    expect(await s.reconcile(msg())).toEqual({ found: { gatewayId: '5f0c3c3e-8d6f-4a53-9d0e-3a2b1c0d9e8f', delivery: 'delivered' } });
  });

  it('a row sent before store version 3 is looked up by the id it was sent with', async () => {
    gw = await fakeServer(() => ({ status: 404, body: '{}' }));
    const s = new AndroidGatewaySender({ url: gw.url, username: 'u', password: 'p' });
    expect(await s.reconcile(msg({ id: 41, sendId: null }))).toBe('not-sent');
    expect(gw.requests[0]!.path).toBe('/messages/dealerbot-41');
  });
});
