// A local HTTP server for gateway tests: records every request and answers with the handler's
// reply, or holds the answer back for longer than the client waits (a timeout after the
// gateway took the message).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type FakeReply = { status: number; body?: string; type?: string } | { hang: number; then?: { status: number; body?: string } };

export interface FakeServer {
  url: string;
  requests: FakeRequest[];
  close(): Promise<void>;
}

export async function fakeServer(handle: (r: FakeRequest) => FakeReply): Promise<FakeServer> {
  const requests: FakeRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const r: FakeRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
      requests.push(r);
      const reply = handle(r);
      const answer = (x: { status: number; body?: string; type?: string }) => {
        if (res.destroyed) return;
        res.writeHead(x.status, { 'content-type': x.type ?? 'application/json' });
        res.end(x.body ?? '');
      };
      if ('hang' in reply) {
        const t = setTimeout(() => {
          timers.delete(t);
          answer(reply.then ?? { status: 202, body: '{}' });
        }, reply.hang);
        timers.add(t);
      } else answer(reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
