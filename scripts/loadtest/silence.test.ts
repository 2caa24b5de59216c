// How a live dealer reads the bot's silences (loadtest.ts): a bot that answers the promo once
// and then never again is met with one go_silent per dealer turn, not one every window, and the
// conversation ends a day and a half (simulated) after the bot's last message. A fake serve:
// /health, the generic webhook, and one reply per dealer through the fake gateway.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultPersonaMix } from '../../trainer/sim/persona.js';
import { FakeGateway } from './fake-gateway.js';
import { runAgainstServe } from './loadtest.js';

const TIME_SCALE = 200_000;
let servers: Server[] = [];
let gateways: FakeGateway[] = [];
afterEach(async () => {
  for (const s of servers) await new Promise((r) => s.close(r));
  for (const g of gateways) await g.close();
  servers = [];
  gateways = [];
});

/** A serve that answers each number's first message with `reply` and then stays silent. */
async function onceServe(gatewayUrl: string, reply: string): Promise<{ url: string; inbound: Map<string, number> }> {
  const inbound = new Map<string, number>();
  let sent = 0;
  const server = createServer((req, res) => {
    if (req.url === '/health') {
      res.setHeader('content-type', 'application/json');
      return res.end(JSON.stringify({ status: 'ok', mode: 'auto', policy: 'once', timeScale: TIME_SCALE }));
    }
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const { from } = JSON.parse(body) as { from: string };
      const n = (inbound.get(from) ?? 0) + 1;
      inbound.set(from, n);
      res.end('{"ok":true}');
      if (n === 1)
        void fetch(`${gatewayUrl}/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ id: `once-${sent++}`, textMessage: { text: reply }, phoneNumbers: [from] }),
        });
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, inbound };
}

describe('the bot\'s silence as the live dealer sees it', () => {
  it('one go_silent per dealer turn, then the conversation ends after the quiet window', async () => {
    const gateway = new FakeGateway();
    gateways.push(gateway);
    const gatewayUrl = await gateway.listen(0);
    const serve = await onceServe(gatewayUrl, 'Ja graag, hoeveel voor 1g?');
    const t0 = Date.now();
    const s = await runAgainstServe({
      url: serve.url,
      inbound: { kind: 'generic', token: 'unused-token-0123456789' },
      gateway,
      episodes: 8,
      concurrency: 8,
      mix: defaultPersonaMix(),
      seed: 3,
      minSilenceWallMs: 20,
      runId: 'silence',
    });
    const wall = Date.now() - t0;
    expect(s.reading.replies).toBe(8); // every promo answered once
    // each silence the dealer noticed followed a turn of his: his messages after the reply come
    // in turns, and there is at most one silence per turn, so never more silences than messages
    const dealerMessages = [...serve.inbound.values()].reduce((a, b) => a + b, 0);
    const silences = s.reading.silences * s.episodes;
    expect(silences).toBeGreaterThan(0);
    expect(silences).toBeLessThanOrEqual(dealerMessages - 8);
    // a window every 120 simulated minutes for 36 h would be 18 silences each; one per turn is far fewer
    expect(s.reading.silences).toBeLessThan(6);
    // and it ended: 36 h of bot silence at this scale is well under a second of wall time
    expect(wall).toBeLessThan(20_000);
  });
});
