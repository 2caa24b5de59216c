import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatJsonlLine } from '../import/canonical.js';
import { tempDir, writeTemp } from '../import/test-files.js';
import { readTranscript } from '../read.js';
import type { TranscriptEvent } from '../../core/transcript.js';
import { runLabel } from './run.js';

const dir = tempDir();
const ev = (min: number, direction: 'in' | 'out', text: string, extra: Partial<TranscriptEvent> = {}): TranscriptEvent => ({
  conversation: 'c_1',
  counterpart: 'p_0123456789abcdef',
  ts: new Date(Date.UTC(2026, 9, 3, 21, min)).toISOString(),
  direction,
  kind: 'sms',
  text,
  ...extra,
});
const EVENTS = [ev(0, 'in', 'wa kost 1 gram'), ev(1, 'out', 'das wel duur he'), ev(2, 'out', 'ok'), ev(3, 'in', 'STOP', { act: 'other' })];
const input = writeTemp(dir, 'in.jsonl', EVENTS.map(formatJsonlLine).join(''));

describe('runLabel (data label F --out F2)', () => {
  it('writes the labelled transcript and returns the summary', async () => {
    const out = join(dir, 'out.jsonl');
    const r = await runLabel({ file: input, out });
    expect(r).toMatchObject({ events: 4, in_labelled: 1, out_labelled: 1, left_empty: 1, already_labelled: 1, min_confidence: { act: 0.2, tactic: 0.35 }, out_file: out });
    const back = await readTranscript(out);
    expect(back.rejects).toEqual([]);
    expect(back.events.map((e) => [e.act, e.tactic])).toEqual([['price', undefined], [undefined, 'haggle'], [undefined, undefined], ['other', undefined]]);
    expect(back.events[0]!.act_confidence).toBeGreaterThan(0.2);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes CSV with the confidence columns when the output ends in .csv, readable back', async () => {
    const out = join(dir, 'out.csv');
    await runLabel({ file: input, out, minConfidence: 0 });
    expect(readFileSync(out, 'utf8').split('\n')[0]).toMatch(/,act_confidence,tactic_confidence,lang,delivery,silence$/);
    const back = await readTranscript(out);
    expect(back.rejects).toEqual([]);
    expect(back.events.map((e) => e.act ?? e.tactic)).toEqual(['price', 'haggle', expect.any(String), 'other']);
    expect(typeof back.events[1]!.tactic_confidence).toBe('number');
  });

  it('lets the specific thresholds override --min-confidence', async () => {
    const r = await runLabel({ file: input, out: join(dir, 'o2.jsonl'), minConfidence: 0.99, minTacticConfidence: 0 });
    expect(r.min_confidence).toEqual({ act: 0.99, tactic: 0 });
    expect(r).toMatchObject({ in_labelled: 0, out_labelled: 2 });
  });

  it('refuses a transcript with a bad line (naming file and line) and writes nothing', async () => {
    const bad = writeTemp(dir, 'bad.jsonl', formatJsonlLine(EVENTS[0]!) + JSON.stringify({ ...EVENTS[1], direction: 'sideways' }) + '\n');
    const out = join(dir, 'never.jsonl');
    await expect(runLabel({ file: bad, out })).rejects.toThrow(/bad\.jsonl:2: direction: .*fix or re-import/);
    expect(readdirSync(dir)).not.toContain('never.jsonl');
  });

  it('refuses a threshold outside [0,1]', async () => {
    await expect(runLabel({ file: input, out: join(dir, 'x.jsonl'), minConfidence: 2 })).rejects.toThrow('--min-confidence must be a number in [0,1], got 2');
    await expect(runLabel({ file: input, out: join(dir, 'x.jsonl'), minTacticConfidence: NaN })).rejects.toThrow(/--min-tactic-confidence/);
  });
});
