import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { groupConversations, parseEvent } from '../transcript.js';
import { FEATURE_NAMES, FEATURE_SIZE } from './feature-names.js';
import { writeFeaturesFile, type FeatureRow } from './features-file.js';
import { encodeConversation } from './replay.js';

const FIXTURE = fileURLToPath(new URL('./test-fixtures/conversation.jsonl', import.meta.url));
const detectLang = (text: string) => (/\b(you|my|tomorrow|hey)\b/i.test(text) ? ('en' as const) : ('nl' as const));

describe('data features: a transcript file into feature vectors', () => {
  it('writes the vector before every decision, by name, with the line it belongs to', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dealerbot-features-'));
    // two conversations: the fixture and a renamed copy shifted by a day
    const lines = readFileSync(FIXTURE, 'utf8').trim().split('\n');
    const copy = lines.map((l) => {
      const e = JSON.parse(l);
      return JSON.stringify({ ...e, conversation: 'c_copy', ts: new Date(Date.parse(e.ts) + 86_400_000).toISOString() });
    });
    const file = join(dir, 'two.jsonl');
    writeFileSync(file, [...lines, ...copy].join('\n') + '\n');
    const out = join(dir, 'features.jsonl');
    const r = await writeFeaturesFile(file, out, { detectLang });
    expect(r).toMatchObject({ conversations: 2, decisions: 22, features: { size: FEATURE_SIZE }, out });
    const rows = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as FeatureRow);
    expect(rows).toHaveLength(22);
    expect(Object.keys(rows[0]!.features)).toEqual([...FEATURE_NAMES]);
    // each row is the replayed vector of its decision, and its line is that decision's line
    const events = lines.map((l) => {
      const p = parseEvent(JSON.parse(l));
      if (!p.ok) throw new Error(p.error);
      return p.value;
    });
    const enc = encodeConversation([...groupConversations(events).values()][0]!, { detectLang });
    rows.slice(0, 11).forEach((row, i) => {
      expect(Object.values(row.features)).toEqual(Array.from(enc.data.subarray(i * FEATURE_SIZE, (i + 1) * FEATURE_SIZE)));
      const logged = JSON.parse(lines[row.line - 1]!);
      expect(logged.direction).toBe('out');
      expect([row.conversation, row.ts, row.tactic]).toEqual([logged.conversation, logged.ts, logged.tactic]);
    });
    expect(rows[11]!.conversation).toBe('c_copy');
    expect(rows[11]!.line).toBe(lines.length + rows[0]!.line);
    // the language detector is used where the transcript carries no language
    const plain = await writeFeaturesFile(file, join(dir, 'plain.jsonl'));
    expect(plain.decisions).toBe(22);
    const nl = (f: string) => readFileSync(join(dir, f), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as FeatureRow).features.lang_nl);
    expect(nl('features.jsonl').some((x) => x === 1)).toBe(true);
    expect(nl('plain.jsonl').every((x) => x === 0)).toBe(true);
  });

  it('only summarises without --out, and stops at a bad line with file and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dealerbot-features-'));
    expect((await writeFeaturesFile(FIXTURE)).out).toBeNull();
    const file = join(dir, 'bad.jsonl');
    const lines = readFileSync(FIXTURE, 'utf8').trim().split('\n');
    lines[2] = lines[2]!.replace('"direction": "in"', '"direction": "sideways"');
    writeFileSync(file, lines.join('\n'));
    await expect(writeFeaturesFile(file)).rejects.toThrow(`${file}:3: direction:`);
    writeFileSync(file, lines.slice(0, 1).join('\n') + '\n{oops\n');
    await expect(writeFeaturesFile(file)).rejects.toThrow(`${file}:2: not valid JSON`);
  });
});
