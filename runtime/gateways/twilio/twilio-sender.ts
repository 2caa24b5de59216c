// Twilio Messages REST API (POST /2010-04-01/Accounts/{Sid}/Messages.json, form-encoded, basic
// auth). Twilio takes no idempotency key for sends, so a send that may have reached Twilio (a
// timeout, a 5xx) is never repeated blindly: `idempotent` is false, and the dispatcher looks the
// message up (reconcile: recent messages to that number from ours, matched by body) before it
// sends again. Every send names a StatusCallback (when publicUrl is set) so that Twilio reports
// sent / delivered / undelivered / failed to POST /webhooks/twilio/status.
// A refusal whose error code says the recipient can never be reached (twilio-errors.ts) stops
// the number for good.
import type { DeliveryState } from '../../store/rows.js';
import type { OutboundMessage, Reconciled, Sender, SendResult } from '../sender.js';
import { fetchWithTimeout, httpSendError } from '../sender.js';
import { twilioStopReason } from './twilio-errors.js';

export interface TwilioSenderOptions {
  accountSid: string;
  authToken: string;
  from: string;
  apiBase: string;
  /** the URL Twilio reports delivery to (publicUrl + /webhooks/twilio/status); none: no reports */
  statusCallback?: string;
  /** per request (default 15 s) */
  timeoutMs?: number;
}

export const TWILIO_STATUS_PATH = '/webhooks/twilio/status';

/** Twilio's message status → ours (sending is still at Twilio: queued) */
export function twilioDelivery(status: unknown): DeliveryState | undefined {
  switch (status) {
    case 'accepted':
    case 'scheduled':
      return 'accepted';
    case 'queued':
    case 'sending':
      return 'queued';
    case 'sent':
      return 'sent';
    case 'delivered':
    case 'read':
      return 'delivered';
    case 'undelivered':
      return 'undelivered';
    case 'failed':
    case 'canceled':
      return 'failed';
    default:
      return undefined;
  }
}

export class TwilioSender implements Sender {
  readonly name = 'twilio';
  readonly idempotent = false;
  private readonly auth: string;
  private readonly base: string;

  constructor(private readonly o: TwilioSenderOptions) {
    this.auth = 'Basic ' + Buffer.from(`${o.accountSid}:${o.authToken}`).toString('base64');
    this.base = `${o.apiBase}/2010-04-01/Accounts/${encodeURIComponent(o.accountSid)}/Messages.json`;
  }

  async send(m: OutboundMessage): Promise<SendResult> {
    const form = new URLSearchParams({ To: m.to, From: this.o.from, Body: m.text });
    if (this.o.statusCallback) form.set('StatusCallback', this.o.statusCallback);
    const res = await fetchWithTimeout(
      'Twilio',
      this.base,
      { method: 'POST', headers: { authorization: this.auth, 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() },
      this.o.timeoutMs,
    );
    const body = await res.text();
    if (!res.ok) {
      // Twilio's error body: {"code": 21610, "message": "…", "more_info": "…", "status": 400}
      const stop = twilioStopReason(readJson(body)?.code as string | number | undefined);
      throw httpSendError('Twilio', res.status, body, stop ? { stopNumber: stop } : {});
    }
    const json = readJson(body);
    const r: SendResult = { gatewayId: typeof json?.sid === 'string' ? json.sid : null }; // unparseable: still sent
    const d = twilioDelivery(json?.status);
    if (d) r.delivery = d;
    return r;
  }

  async reconcile(m: OutboundMessage): Promise<Reconciled> {
    const url = `${this.base}?${new URLSearchParams({ To: m.to, From: this.o.from, PageSize: '50' })}`;
    try {
      const res = await fetchWithTimeout('Twilio', url, { headers: { authorization: this.auth } }, this.o.timeoutMs);
      if (!res.ok) return 'unknown';
      const list = (await res.json()) as { messages?: { sid?: unknown; status?: unknown; body?: string; date_created?: string }[] };
      const since = m.ts - 60_000;
      const hit = (list.messages ?? []).find(
        (x) => x.body === m.text && (!x.date_created || Date.parse(x.date_created) >= since),
      );
      if (!hit) return 'not-sent';
      // the row keeps its own send id; Twilio's SID is what its StatusCallbacks will name
      if (typeof hit.sid !== 'string' || !hit.sid) return 'sent';
      const found: SendResult = { gatewayId: hit.sid };
      const d = twilioDelivery(hit.status);
      if (d) found.delivery = d;
      return { found };
    } catch {
      return 'unknown';
    }
  }
}

function readJson(body: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(body) as unknown;
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
