// The whole loop over real HTTP (issue 20's "Done when"): dealers write through a fake
// android-sms-gateway (a local HTTP server) to dealerbot's webhook, dealerbot replies through the
// fake's send API, and the fake reports sms:sent and sms:delivered back, signed. The fake times
// out once (it takes the message and answers too late), then answers the resend 409 ("message
// with the same ID already exists", android-sms-gateway/server handlers/messages/3rdparty.go), and
// every reply must leave the fake's SIM exactly once. Payload shapes: see
// android/android-gateway.test.ts (capcom6/android-sms-gateway payload/*.kt, server openapi/docs.go).
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { afterEach, describe, expect, it } from 'vitest';
import { androidSignature } from './android/android-signature.js';
import { AndroidGatewaySender } from './android/android-gateway-sender.js';
import { createApp } from '../http/http-app.js';
import { Intake } from '../engine/intake.js';
import { harness } from '../test-fixtures/harness.js';
import { fakeServer, type FakeServer } from '../test-fixtures/fake-http.js';

const SIGNING = 'android-signing-key';
const DEVICE = 'PyDmBQZZXYmyxMwED8Fzy';
const HOUR = 3_600_000;

let gw: FakeServer | null = null;
let bot: Server | null = null;
afterEach(async () => {
  await gw?.close();
  await new Promise<void>((r) => (bot ? bot.close(() => r()) : r()));
  gw = bot = null;
});

describe('loopback: dealerbot against a fake android-sms-gateway over HTTP', () => {
  it('a timeout, then a 409, then delivery reports: exactly one SMS per reply, every reply recorded delivered', async () => {
    // the fake gateway: what its SIM sent, per message id, and the webhooks it still owes
    const sims = new Map<string, { to: string; text: string; simNumber: unknown; deviceId: unknown; ttl: unknown }>();
    const reports: Promise<unknown>[] = [];
    let botUrl = '';
    let posts = 0;
    const webhook = (event: string, payload: Record<string, unknown>) => {
      const body = JSON.stringify({ id: `${event}-${String(payload.messageId ?? payload.sender)}-${posts}`, webhookId: 'w1', event, deviceId: DEVICE, payload });
      const ts = String(Math.floor(Date.now() / 1000));
      return fetch(`${botUrl}/webhooks/android-gateway`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-timestamp': ts, 'x-signature': androidSignature(SIGNING, body, ts) },
        body,
      }).then((r) => r.text());
    };
    gw = await fakeServer((r) => {
      if (r.method === 'GET') {
        const id = decodeURIComponent(r.path.split('/').pop()!);
        return sims.has(id) ? { status: 200, body: JSON.stringify({ id, deviceId: DEVICE, state: 'Sent', recipients: [] }) } : { status: 404, body: '{"message":"message not found"}' };
      }
      posts++;
      const m = JSON.parse(r.body) as { id: string; textMessage: { text: string }; phoneNumbers: string[]; simNumber?: number; deviceId?: string; ttl?: number };
      if (sims.has(m.id)) return { status: 409, body: '{"message":"message with the same ID already exists"}' };
      sims.set(m.id, { to: m.phoneNumbers[0]!, text: m.textMessage.text, simNumber: m.simNumber, deviceId: m.deviceId, ttl: m.ttl });
      const recipient = m.phoneNumbers[0]!;
      reports.push(
        webhook('sms:sent', { messageId: m.id, sender: null, recipient, simNumber: m.simNumber ?? 1, partsCount: 1, sentAt: new Date().toISOString() }).then(() =>
          webhook('sms:delivered', { messageId: m.id, sender: null, recipient, simNumber: m.simNumber ?? 1, deliveredAt: new Date().toISOString() }),
        ),
      );
      // the first send: taken, but answered after the client stopped waiting
      return posts === 1 ? { hang: 1000 } : { status: 202, body: JSON.stringify({ id: m.id, deviceId: DEVICE, state: 'Pending', recipients: [] }) };
    });

    const sender = new AndroidGatewaySender({ url: gw.url, username: 'sim', password: 'pw', timeoutMs: 250 });
    const h = harness({ config: { androidGateway: { signingKey: SIGNING } }, gateway: sender });
    const intake = new Intake(h.engine, h.store);
    const app = createApp({ engine: h.engine, store: h.store, config: h.config, intake });
    bot = await new Promise<Server>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server)) as Server;
    });
    botUrl = `http://127.0.0.1:${(bot.address() as AddressInfo).port}`;

    const dealer = async (sender: string, message: string, simNumber: number) => {
      const res = await webhook('sms:received', { messageId: `in-${message.length}`, sender, recipient: '+32460000000', simNumber, message, receivedAt: new Date().toISOString() });
      expect(res).toBe('{"ok":true}');
      await intake.idle();
    };
    await dealer('+32470112233', 'coke te koop, 50 euro de gram', 2);
    await h.run(HOUR); // the reply: POST times out, the resend gets 409, the lookup says Sent
    await dealer('+32470998877', 'weed te koop', 1);
    await h.run(HOUR);
    await dealer('+32470112233', 'en? wilde of niet', 2);
    await h.run(HOUR);
    await Promise.all(reports);

    const replies = h.store.outboxInState('sent');
    expect(replies).toHaveLength(3);
    expect(sims.size).toBe(3); // one SMS per reply, none twice
    expect(posts).toBe(4); // the one resend was answered 409, not sent again
    for (const r of replies) {
      expect(sims.get(r.send_id!)).toMatchObject({ to: r.number, text: r.text, ttl: 3600 });
      expect(r).toMatchObject({ delivery: 'delivered', gateway_id: r.send_id });
    }
    // each reply left from the SIM and phone its dealer wrote to
    expect([...sims.values()].map((s) => [s.to, s.simNumber, s.deviceId])).toEqual([
      ['+32470112233', 2, DEVICE],
      ['+32470998877', 1, DEVICE],
      ['+32470112233', 2, DEVICE],
    ]);
    expect(h.store.alerts()).toEqual([]);
  });
});
