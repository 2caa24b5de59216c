// Delivers a simulated dealer's SMS to a running `serve` the way a gateway does: the generic
// JSON webhook with a bearer token, or the android-sms-gateway `sms:received` webhook signed
// with X-Signature/X-Timestamp. A refused or failed delivery is retried a few times with the
// same message id (the runtime's dedupe turns a retry of a stored message into a no-op), and
// every attempt's status and latency is counted. Requests share a small pool of keep-alive
// connections, as a gateway's would: a thousand dealers opening a thousand sockets at once
// overflow the listen backlog and measure TCP's SYN retries instead of the bot.
import { createHmac } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export type Inbound = { kind: 'generic'; token: string } | { kind: 'android'; signingKey: string };

export interface TransportStats {
  requests: number;
  /** attempts that did not end in HTTP 200 (network errors count as status 0) */
  errors: number;
  /** messages given up after all retries */
  lost: number;
  status: Record<string, number>;
  /** per-attempt latency in ms */
  latencies: number[];
}

export interface WebhookClientOptions {
  url: string;
  inbound: Inbound;
  retries?: number;
  /** keep-alive connections to the bot (default 64) */
  sockets?: number;
  /** wall ms before a retry (doubled each time) */
  retryMs?: number;
  /** wall clock in seconds for the android signature (injected for tests) */
  nowS?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class WebhookClient {
  readonly stats: TransportStats = { requests: 0, errors: 0, lost: 0, status: {}, latencies: [] };
  private readonly o: Required<Omit<WebhookClientOptions, 'nowS' | 'sleep'>> & Pick<WebhookClientOptions, 'nowS' | 'sleep'>;
  private readonly agent: HttpAgent;
  private readonly request: typeof httpRequest;

  constructor(o: WebhookClientOptions) {
    this.o = { retries: 3, retryMs: 500, sockets: 64, ...o, url: o.url.replace(/\/+$/, '') };
    const https = this.o.url.startsWith('https:');
    this.agent = new (https ? HttpsAgent : HttpAgent)({ keepAlive: true, maxSockets: this.o.sockets });
    this.request = https ? httpsRequest : httpRequest;
  }

  /** Closes the pooled connections. */
  close(): void {
    this.agent.destroy();
  }

  /**
   * Sends one message, or (`call`) reports a call of the dealer's as a gateway that reports calls
   * does (the generic webhook's `{"kind": "call", "duration_s"}`; the android webhook has no
   * calls); resolves true once the bot acknowledged it (HTTP 200).
   */
  async send(from: string, text: string, id: string, call?: { durationS: number }): Promise<boolean> {
    const sleep = this.o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    for (let attempt = 0; attempt <= this.o.retries; attempt++) {
      if (attempt > 0) await sleep(this.o.retryMs * 2 ** (attempt - 1));
      const status = await this.post(from, text, id, call);
      if (status === 200) return true;
      // 4xx other than 408/429 will not get better (bad token, bad body): do not retry
      if (status >= 400 && status < 500 && status !== 408 && status !== 429) break;
    }
    this.stats.lost++;
    return false;
  }

  private async post(from: string, text: string, id: string, call?: { durationS: number }): Promise<number> {
    const { url, inbound } = this.o;
    let path: string;
    let body: string;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (inbound.kind === 'generic') {
      path = '/webhooks/generic';
      body = JSON.stringify(call ? { kind: 'call', from, duration_s: call.durationS, id } : { from, text, id });
      headers.authorization = `Bearer ${inbound.token}`;
    } else {
      if (call) throw new Error('the android-sms-gateway webhook reports no calls');
      path = '/webhooks/android-gateway';
      const nowS = this.o.nowS?.() ?? Math.floor(Date.now() / 1000);
      body = JSON.stringify({
        event: 'sms:received',
        id,
        payload: { messageId: id, phoneNumber: from, message: text, receivedAt: new Date(nowS * 1000).toISOString() },
      });
      const ts = String(nowS);
      headers['x-timestamp'] = ts;
      headers['x-signature'] = createHmac('sha256', inbound.signingKey).update(body + ts, 'utf8').digest('hex');
    }
    const t0 = performance.now();
    const status = await new Promise<number>((resolve) => {
      const req = this.request(url + path, { method: 'POST', agent: this.agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, timeout: 30_000 }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => resolve(0));
      req.end(body);
    });
    const s = this.stats;
    s.requests++;
    s.latencies.push(performance.now() - t0);
    s.status[status] = (s.status[status] ?? 0) + 1;
    if (status !== 200) s.errors++;
    return status;
  }
}
