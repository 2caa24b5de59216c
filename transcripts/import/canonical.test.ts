import { describe, expect, it } from 'vitest';
import { CSV_HEADER, formatCsvLine, formatJsonlLine, importJsonl, importTranscriptCsv } from './canonical.js';
import type { TranscriptEvent } from '../../core/transcript.js';
import { collect, tempDir, writeTemp } from './test-files.js';

const dir = tempDir();
const EVENTS: TranscriptEvent[] = [
  { conversation: 'c_1', counterpart: 'p_0123456789abcdef', ts: '2026-10-03T21:14:00.000Z', direction: 'in', kind: 'sms', text: 'Top wiet, "10e"\n\u{1F525}', act: 'promo', source: 'sms-backup:a.xml' },
  { conversation: 'c_1', counterpart: 'p_0123456789abcdef', ts: '2026-10-03T21:20:00.000Z', direction: 'out', kind: 'sms', text: '  hoeveel?  ', tactic: 'ask_price', propensity: 0.25, policy: 'heuristic' },
  { conversation: 'c_1', counterpart: 'p_0123456789abcdef', ts: '2026-10-03T21:30:00.000Z', direction: 'in', kind: 'call', text: '', duration_s: 95 },
  { conversation: 'c_1', counterpart: 'p_0123456789abcdef', ts: '2026-10-03T23:30:00.000Z', direction: 'out', kind: 'wait', text: '', tactic: 'go_silent', propensity: 1 },
];
const events = (items: { type: string }[]) => items.filter((i) => i.type === 'event').map((i) => (i as unknown as { event: TranscriptEvent }).event);

describe('canonical transcript files', () => {
  it('round-trips JSONL exactly', async () => {
    const text = EVENTS.map(formatJsonlLine).join('');
    const back = events(await collect(importJsonl(writeTemp(dir, 'a.jsonl', text))));
    expect(back).toEqual(EVENTS);
    expect(back.map(formatJsonlLine).join('')).toBe(text);
  });

  it('round-trips CSV: JSONL → CSV → events gives the same events', async () => {
    const csv = CSV_HEADER + EVENTS.map(formatCsvLine).join('');
    const back = events(await collect(importTranscriptCsv(writeTemp(dir, 'a.csv', csv), { chunkSize: 5 })));
    expect(back).toEqual(EVENTS);
  });

  it('round-trips the v1.1 confidence, v1.2 lang, v1.3 delivery and v1.4 silence columns in JSONL and CSV, and reads v1.0, v1.2 and v1.3 CSVs without them', async () => {
    const labelled: TranscriptEvent[] = [
      { ...EVENTS[0]!, act: 'promo', act_confidence: 0.8731, lang: 'nl' },
      { ...EVENTS[1]!, tactic: 'ask_price', tactic_confidence: 0.4125, delivery: 'undelivered' },
      { ...EVENTS[2]!, silence: 'capped' },
    ];
    const jsonl = labelled.map(formatJsonlLine).join('');
    expect(jsonl).toContain('"source":"sms-backup:a.xml","act_confidence":0.8731,"lang":"nl"}');
    expect(jsonl).toContain(',"silence":"capped"}');
    expect(events(await collect(importJsonl(writeTemp(dir, 'l.jsonl', jsonl))))).toEqual(labelled);
    expect(CSV_HEADER.trim().split(',').slice(-5)).toEqual(['act_confidence', 'tactic_confidence', 'lang', 'delivery', 'silence']);
    const csv = CSV_HEADER + labelled.map(formatCsvLine).join('');
    expect(events(await collect(importTranscriptCsv(writeTemp(dir, 'l.csv', csv))))).toEqual(labelled);
    // files written before: v1.0 (twelve columns), v1.2 (fifteen, no delivery), v1.3 (sixteen, no silence)
    for (const [name, columns] of [['v10', 12], ['v12', 15], ['v13', 16]] as const) {
      const header = CSV_HEADER.trim().split(',').slice(0, columns).join(',') + '\n';
      // cut from the end: the first event's text holds commas and a line break
      const cut = columns - CSV_HEADER.trim().split(',').length;
      const rows = EVENTS.map((e) => formatCsvLine(e).trim().split(',').slice(0, cut).join(',') + '\n');
      expect(events(await collect(importTranscriptCsv(writeTemp(dir, `${name}.csv`, header + rows.join(''))))), name).toEqual(EVENTS);
    }
  });

  it('rejects a silence reason it does not know, naming the ones it does', async () => {
    const items = await collect(importJsonl(writeTemp(dir, 'bad-silence.jsonl', JSON.stringify({ ...EVENTS[0], silence: 'bored' }) + '\n')));
    expect(items).toEqual([
      { type: 'reject', file: expect.any(String), line: 1, reason: 'silence: silence must be one of not_a_promo, stopped, escalated, denied, deciding, review, waiting, capped, answering, stalled' },
    ]);
  });

  it('rejects a confidence outside [0,1] and an unknown language with their lines', async () => {
    const items = await collect(importJsonl(writeTemp(dir, 'bad-conf.jsonl', JSON.stringify({ ...EVENTS[0], act_confidence: 1.5 }) + '\n' + JSON.stringify({ ...EVENTS[0], lang: 'fr' }) + '\n')));
    expect(items).toEqual([
      { type: 'reject', file: expect.any(String), line: 1, reason: 'act_confidence: act_confidence must be in [0,1]' },
      { type: 'reject', file: expect.any(String), line: 2, reason: 'lang: lang must be one of nl, en' },
    ]);
  });

  it('rejects each invalid line with its line number and keeps the rest', async () => {
    const lines = [formatJsonlLine(EVENTS[0]!), '{not json\n', JSON.stringify({ ...EVENTS[1], direction: 'sideways' }) + '\n', '\n', formatJsonlLine(EVENTS[2]!)];
    const items = await collect(importJsonl(writeTemp(dir, 'b.jsonl', lines.join(''))));
    expect(events(items)).toEqual([EVENTS[0], EVENTS[2]]);
    const rej = items.filter((i) => i.type === 'reject') as { line: number; reason: string }[];
    expect(rej.map((r) => r.line)).toEqual([2, 3]);
    expect(rej[0]!.reason).toMatch(/^not JSON/);
    expect(rej[1]!.reason).toMatch(/^direction: /);
  });

  it('rejects a CSV without the transcript columns, counting the rows it leaves unread', async () => {
    const items = await collect(importTranscriptCsv(writeTemp(dir, 'c.csv', 'conversation,ts,text\nc_1,2026-10-03T21:14:00.000Z,hi\n')));
    expect(items).toEqual([
      { type: 'reject', file: expect.any(String), line: 1, endLine: 2, records: 1, reason: 'not a transcript v1 CSV: missing column(s) counterpart, direction, kind; the 1 row after it not read' },
    ]);
  });
});
