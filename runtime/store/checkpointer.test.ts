import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Checkpointer } from './checkpointer.js';
import { Store } from './store.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('Checkpointer', () => {
  it('copies the WAL into the database file from its worker thread while the writer never checkpoints', async () => {
    dir = mkdtempSync(join(tmpdir(), 'dealerbot-ckpt-'));
    const file = join(dir, 'bot.db');
    Store.open(file, 'create').close(); // the last connection to close checkpoints: an empty WAL
    const store = Store.open(file, 'write');
    store.disableAutoCheckpoint();
    const before = statSync(file).size;
    store.tx(() => {
      for (let i = 0; i < 2000; i++) store.audit(i, 'test', 'fill', { i, pad: 'x'.repeat(200) });
    });
    expect(statSync(file).size).toBe(before); // all of it is still in the WAL
    const cp = new Checkpointer(file, 20);
    const deadline = Date.now() + 10_000;
    while (statSync(file).size === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await cp.stop();
    expect(statSync(file).size).toBeGreaterThan(before + 2000 * 200);
    expect(store.rowCount('audit')).toBe(2000);
    store.close();
  });
});
