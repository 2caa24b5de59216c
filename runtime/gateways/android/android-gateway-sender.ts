// android-sms-gateway (docs.sms-gate.app) `POST {url}/messages` with basic auth and our outbox id
// as the message id, so a resend after a crash is recognisable: `GET {url}/messages/{id}` tells
// whether the gateway already has it. `url` includes the API prefix, e.g.
// https://api.sms-gate.app/3rdparty/v1 (cloud) or http://192.168.1.20:8080 (local server).
import type { OutboundMessage, Reconciled, Sender } from '../sender.js';
import { fetchWithTimeout, httpSendError } from '../sender.js';

export interface AndroidGatewayOptions {
  url: string;
  username: string;
  password: string;
}

export class AndroidGatewaySender implements Sender {
  readonly name = 'android-gateway';
  private readonly auth: string;

  constructor(private readonly o: AndroidGatewayOptions) {
    this.auth = 'Basic ' + Buffer.from(`${o.username}:${o.password}`).toString('base64');
  }

  static messageId(m: Pick<OutboundMessage, 'id'>): string {
    return `dealerbot-${m.id}`;
  }

  async send(m: OutboundMessage): Promise<{ gatewayId: string | null }> {
    const id = AndroidGatewaySender.messageId(m);
    const res = await fetchWithTimeout('android-sms-gateway', `${this.o.url}/messages`, {
      method: 'POST',
      headers: { authorization: this.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ id, textMessage: { text: m.text }, phoneNumbers: [m.to], withDeliveryReport: true }),
    });
    const body = await res.text();
    if (!res.ok) throw httpSendError('android-sms-gateway', res.status, body);
    return { gatewayId: id };
  }

  async reconcile(m: OutboundMessage): Promise<Reconciled> {
    const id = AndroidGatewaySender.messageId(m);
    try {
      const res = await fetchWithTimeout('android-sms-gateway', `${this.o.url}/messages/${encodeURIComponent(id)}`, {
        headers: { authorization: this.auth },
      });
      if (res.ok) return 'sent';
      if (res.status === 404) return 'not-sent';
      return 'unknown';
    } catch {
      return 'unknown';
    }
  }
}
