// android-sms-gateway (docs.sms-gate.app) `POST {url}/messages` with basic auth. The message id
// is the outbox row's send id, a UUID fixed before the first attempt: the gateway keeps ids
// unique per device (for 30 days on the cloud server), so a resend of the same reply is answered
// 409 and never sent twice, and `GET {url}/messages/{id}` tells whether it has it. The id used
// to be `dealerbot-<row>`, which starts again at 1 with every new database and then collides
// with last month's messages; rows sent before store version 3 are still looked up by it.
// `url` includes the API prefix, e.g. https://api.sms-gate.app/3rdparty/v1 (cloud) or
// http://192.168.1.20:8080 (the app's local server).
//
// Fields, from android-sms-gateway/server internal/sms-gateway/openapi/docs.go
// (smsgateway.Message, smsgateway.GetMessageResponse, smsgateway.ProcessingState) and
// handlers/messages/3rdparty.go (409 "message with the same ID already exists"):
// `ttl` seconds (min 5) so a reply the phone could not send in time is dropped, not sent hours
// late; `simNumber` (1-3) and `deviceId` so the reply leaves from the SIM and phone the dealer
// wrote to; `withDeliveryReport` so sms:delivered comes back.
import type { DeliveryState } from '../../store/rows.js';
import type { OutboundMessage, Reconciled, Sender, SendResult } from '../sender.js';
import { fetchWithTimeout, httpSendError, SendError } from '../sender.js';

export interface AndroidGatewayOptions {
  url: string;
  username: string;
  password: string;
  /** seconds the gateway may try before it drops the message (default 3600) */
  ttlSeconds?: number;
  /** per request (default 15 s) */
  timeoutMs?: number;
}

export const DEFAULT_ANDROID_TTL_S = 3600;

/** the gateway's ProcessingState → ours (Pending/Processed: taken, not yet sent) */
export function androidDelivery(state: unknown): DeliveryState | undefined {
  switch (state) {
    case 'Pending':
    case 'Processed':
      return 'accepted';
    case 'Sent':
      return 'sent';
    case 'Delivered':
      return 'delivered';
    case 'Failed':
    case 'Cancelled':
      return 'failed';
    default:
      return undefined;
  }
}

export class AndroidGatewaySender implements Sender {
  readonly name = 'android-gateway';
  readonly idempotent = true;
  private readonly auth: string;

  constructor(private readonly o: AndroidGatewayOptions) {
    this.auth = 'Basic ' + Buffer.from(`${o.username}:${o.password}`).toString('base64');
  }

  /** the id the gateway knows the message by (rows of store version < 3: the old per-database id) */
  static messageId(m: Pick<OutboundMessage, 'id' | 'sendId'>): string {
    return m.sendId ?? `dealerbot-${m.id}`;
  }

  async send(m: OutboundMessage): Promise<SendResult> {
    const id = AndroidGatewaySender.messageId(m);
    const body: Record<string, unknown> = {
      id,
      textMessage: { text: m.text },
      phoneNumbers: [m.to],
      withDeliveryReport: true,
      ttl: this.o.ttlSeconds ?? DEFAULT_ANDROID_TTL_S,
    };
    if (m.simNumber) body.simNumber = m.simNumber;
    if (m.deviceId) body.deviceId = m.deviceId;
    const res = await fetchWithTimeout(
      'android-sms-gateway',
      `${this.o.url}/messages`,
      { method: 'POST', headers: { authorization: this.auth, 'content-type': 'application/json' }, body: JSON.stringify(body) },
      this.o.timeoutMs,
    );
    const text = await res.text();
    if (res.status === 409) return this.alreadyThere(m, id, text);
    if (!res.ok) throw httpSendError('android-sms-gateway', res.status, text);
    return withDelivery({ gatewayId: id }, text);
  }

  /**
   * 409: a message with this id exists — our earlier attempt got there (its answer was lost to a
   * timeout). Its state is looked up, so the reply is recorded as sent with what the gateway knows.
   */
  private async alreadyThere(m: OutboundMessage, id: string, conflict: string): Promise<SendResult> {
    const res = await this.lookup(id);
    const text = await res.text();
    if (res.ok) return withDelivery({ gatewayId: id }, text);
    if (res.status === 404)
      throw new SendError(`android-sms-gateway answered 409 for message ${id} (${conflict.slice(0, 80).trim()}) but does not find it`, true);
    throw httpSendError('android-sms-gateway', res.status, text, { ambiguous: true });
  }

  private lookup(id: string): Promise<Response> {
    return fetchWithTimeout('android-sms-gateway', `${this.o.url}/messages/${encodeURIComponent(id)}`, { headers: { authorization: this.auth } }, this.o.timeoutMs);
  }

  async reconcile(m: OutboundMessage): Promise<Reconciled> {
    try {
      const id = AndroidGatewaySender.messageId(m);
      const res = await this.lookup(id);
      // found: recorded with the state the gateway has it in (GetMessageResponse.state)
      if (res.ok) return { found: withDelivery({ gatewayId: id }, await res.text()) };
      if (res.status === 404) return 'not-sent';
      return 'unknown';
    } catch {
      return 'unknown';
    }
  }
}

function withDelivery(r: SendResult, body: string): SendResult {
  try {
    const d = androidDelivery((JSON.parse(body) as { state?: unknown }).state);
    if (d) r.delivery = d;
  } catch {
    // accepted without a readable body: sent, state unknown
  }
  return r;
}
