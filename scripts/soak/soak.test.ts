// The soak itself runs for an hour and is not part of the suite; its scan for raw numbers is.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanForNumbers } from './soak.js';

const dir = mkdtempSync(join(tmpdir(), 'dealerbot-soak-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the soak's scan for raw numbers", () => {
  it('finds a dealer number in any spelling, and a number nobody listed; not a propensity or a timestamp', () => {
    writeFileSync(join(dir, 'clean.jsonl'), JSON.stringify({ ts: '2026-12-03T11:21:24.969Z', text: 'hoeveel voor 5 gram? 22u30', propensity: 0.9497825994148588, counterpart: 'p_862b4209f7fb415c' }) + '\n');
    writeFileSync(join(dir, 'serve.log'), 'dealerbot: serving on http://127.0.0.1:44569\nintake: message 12 stored but not processed: bad row for 0470 11 22 33\n');
    writeFileSync(join(dir, 'other.json'), JSON.stringify({ message: 'call +44 7700 900123' }) + '\n');
    writeFileSync(join(dir, 'bot.db'), '+32470112233');
    const r = scanForNumbers(dir, ['+32470112233'], new Set(['bot.db']));
    expect(r.files_scanned).toBe(3);
    expect(r.files).toEqual([
      { file: 'other.json', hits: ['line 1'] },
      { file: 'serve.log', hits: ['line 2'] },
    ]);
  });
});
