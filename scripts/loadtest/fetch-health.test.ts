import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { fetchHealth } from './loadtest.js';

/** A port nothing listens on yet (taken and released). */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('loadtest --wait-for-serve', () => {
  it('keeps asking for /health until a serve started later answers, and names the wait when none does', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    await expect(fetchHealth(url)).rejects.toThrow(/no dealerbot serve answers there/);
    const server = createServer((_, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ status: 'ok', mode: 'auto', timeScale: 3000 })));
    const late = setTimeout(() => server.listen(port, '127.0.0.1'), 600);
    try {
      await expect(fetchHealth(url, 5000)).resolves.toMatchObject({ status: 'ok', timeScale: 3000 });
    } finally {
      clearTimeout(late);
      await new Promise((r) => server.close(r));
    }
    await expect(fetchHealth(url, 500)).rejects.toThrow(/\(waited [01] s\)/);
  });
});
