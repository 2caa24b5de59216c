// A tiny stand-in for the android-sms-gateway API on 127.0.0.1, for `loadtest --against`: `serve`
// sends its replies here (`outbound.kind: "android-gateway"`, `androidGateway.url` = this URL)
// exactly as it would to a phone, and each message is handed to the simulated dealer it is
// addressed to. `GET /messages/{id}` answers the runtime's crash reconciliation.
// Basic-auth credentials are not checked: it only ever listens on loopback.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GatewayMessage {
  id: string;
  to: string;
  text: string;
}

const MAX_BODY = 64 * 1024;

export class FakeGateway {
  private server: Server | null = null;
  private readonly seen = new Set<string>();
  /** POST /messages accepted */
  received = 0;
  /** requests refused (bad JSON, missing fields) */
  refused = 0;
  /** POST /messages of an id already received: the same outbox row sent again */
  duplicates = 0;
  onMessage: (m: GatewayMessage) => void = () => {};

  /** Listens on 127.0.0.1:`port` (0 = any free port); resolves to the base URL. */
  async listen(port = 0): Promise<string> {
    const server = createServer((req, res) => this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return this.url;
  }

  get url(): string {
    const a = this.server?.address() as AddressInfo | null;
    if (!a) throw new Error('FakeGateway is not listening');
    return `http://127.0.0.1:${a.port}`;
  }

  close(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return Promise.resolve();
    return new Promise((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0]!;
    if (req.method === 'GET' && path.startsWith('/messages/')) {
      const id = decodeURIComponent(path.slice('/messages/'.length));
      return this.seen.has(id) ? json(res, 200, { id, state: 'Sent' }) : json(res, 404, { message: 'not found' });
    }
    if (req.method !== 'POST' || path !== '/messages') return json(res, 404, { message: 'not found' });
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => {
      const m = size <= MAX_BODY ? parseMessage(Buffer.concat(chunks).toString('utf8')) : null;
      if (!m) {
        this.refused++;
        return json(res, 400, { message: 'expected {id, textMessage: {text}, phoneNumbers: [to]}' });
      }
      const first = !this.seen.has(m.id);
      this.seen.add(m.id);
      json(res, 202, { id: m.id, state: 'Pending' });
      if (first) {
        this.received++;
        this.onMessage(m);
      } else this.duplicates++;
    });
  }
}

function parseMessage(body: string): GatewayMessage | null {
  try {
    const b = JSON.parse(body) as { id?: unknown; textMessage?: { text?: unknown }; phoneNumbers?: unknown };
    const to = Array.isArray(b.phoneNumbers) ? b.phoneNumbers[0] : undefined;
    if (typeof b.id !== 'string' || typeof b.textMessage?.text !== 'string' || typeof to !== 'string') return null;
    return { id: b.id, to, text: b.textMessage.text };
  } catch {
    return null;
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
