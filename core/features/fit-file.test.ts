import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fitNormalizerFromFile } from './fit-file.js';
import { parseNormalizer } from './normalizer.js';

const FIXTURE = fileURLToPath(new URL('./test-fixtures/conversation.jsonl', import.meta.url));

describe('fitting the normaliser from a transcript file', () => {
  it('replays every conversation and writes a normaliser that loads back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dealerbot-fit-'));
    // two conversations: the fixture and a renamed copy shifted by a day
    const lines = readFileSync(FIXTURE, 'utf8').trim().split('\n');
    const copy = lines.map((l) => {
      const e = JSON.parse(l);
      return JSON.stringify({ ...e, conversation: 'c_copy', ts: new Date(Date.parse(e.ts) + 86_400_000).toISOString() });
    });
    const file = join(dir, 'two.jsonl');
    writeFileSync(file, [...lines, ...copy].join('\n') + '\n');
    const out = join(dir, 'norm.json');
    const r = fitNormalizerFromFile(file, out);
    expect(r.conversations).toBe(2);
    expect(r.decisions).toBe(22);
    expect(parseNormalizer(JSON.parse(readFileSync(out, 'utf8')), out)).toEqual(r.normalizer);
  });

  it('stops at a bad line with file and line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dealerbot-fit-'));
    const file = join(dir, 'bad.jsonl');
    const lines = readFileSync(FIXTURE, 'utf8').trim().split('\n');
    lines[2] = lines[2]!.replace('"direction": "in"', '"direction": "sideways"');
    writeFileSync(file, lines.join('\n'));
    expect(() => fitNormalizerFromFile(file)).toThrow(`${file}:3: direction:`);
    writeFileSync(file, lines.slice(0, 1).join('\n') + '\n{oops\n');
    expect(() => fitNormalizerFromFile(file)).toThrow(`${file}:2: not valid JSON`);
  });
});
