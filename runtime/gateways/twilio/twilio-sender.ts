// Twilio Messages REST API (POST /2010-04-01/Accounts/{Sid}/Messages.json, form-encoded, basic
// auth). Twilio takes no idempotency key for sends, so a crash mid-send is reconciled by
// listing recent messages to that number from our number and matching the body.
import type { OutboundMessage, Reconciled, Sender } from '../sender.js';
import { fetchWithTimeout, httpSendError } from '../sender.js';

export interface TwilioSenderOptions {
  accountSid: string;
  authToken: string;
  from: string;
  apiBase: string;
}

export class TwilioSender implements Sender {
  readonly name = 'twilio';
  private readonly auth: string;
  private readonly base: string;

  constructor(private readonly o: TwilioSenderOptions) {
    this.auth = 'Basic ' + Buffer.from(`${o.accountSid}:${o.authToken}`).toString('base64');
    this.base = `${o.apiBase}/2010-04-01/Accounts/${encodeURIComponent(o.accountSid)}/Messages.json`;
  }

  async send(m: OutboundMessage): Promise<{ gatewayId: string | null }> {
    const res = await fetchWithTimeout('Twilio', this.base, {
      method: 'POST',
      headers: { authorization: this.auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ To: m.to, From: this.o.from, Body: m.text }).toString(),
    });
    const body = await res.text();
    if (!res.ok) throw httpSendError('Twilio', res.status, body);
    let sid: string | null = null;
    try {
      sid = (JSON.parse(body) as { sid?: string }).sid ?? null;
    } catch {
      // accepted but unparseable: still sent
    }
    return { gatewayId: sid };
  }

  async reconcile(m: OutboundMessage): Promise<Reconciled> {
    const url = `${this.base}?${new URLSearchParams({ To: m.to, From: this.o.from, PageSize: '50' })}`;
    try {
      const res = await fetchWithTimeout('Twilio', url, { headers: { authorization: this.auth } });
      if (!res.ok) return 'unknown';
      const list = (await res.json()) as { messages?: { body?: string; date_created?: string }[] };
      const since = m.ts - 60_000;
      const hit = (list.messages ?? []).some(
        (x) => x.body === m.text && (!x.date_created || Date.parse(x.date_created) >= since),
      );
      return hit ? 'sent' : 'not-sent';
    } catch {
      return 'unknown';
    }
  }
}
