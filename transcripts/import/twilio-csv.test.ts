import { describe, expect, it } from 'vitest';
import { importTwilioCsv } from './twilio-csv.js';
import type { RawRecord, Reject } from './record.js';
import { collect, tempDir, writeTemp } from './test-files.js';

const dir = tempDir();
const HEADER = 'From,To,Body,Status,SentDate,ApiVersion,NumSegments,ErrorCode,AccountSid,Sid,Direction,Price,PriceUnit';
const row = (from: string, to: string, body: string, status: string, date: string, direction: string) =>
  [from, to, body, status, date, '2010-04-01', '1', '', 'AC0', 'SM0', direction, '-0.0079', 'USD'].join(',');
const BOT = '+447700900000';
const DEALER = '+447700900121';
// newest first, as the console exports it
const LOG = [
  HEADER,
  row(BOT, DEALER, '"Deal, where?"', 'delivered', '"Sat, 03 Oct 2026 21:20:00 +0000"', 'outbound-reply'),
  row(DEALER, BOT, '"28 final\nor ""nothing"""', 'received', '2026-10-03T21:15:00Z', 'inbound'),
  row(BOT, DEALER, 'lost', 'undelivered', '2026-10-03T21:14:30Z', 'outbound-api'),
  row(DEALER, BOT, 'New stock in', 'received', '2026-10-03T23:14:00+02:00', 'inbound'),
].join('\n') + '\n';

const records = (items: { type: string }[]) => items.filter((i): i is RawRecord => i.type === 'record');
const rejects = (items: { type: string }[]) => items.filter((i): i is Reject => i.type === 'reject');

describe('importTwilioCsv', () => {
  it('reads Direction for the bot side, quoted multi-line bodies and both date styles', async () => {
    const items = await collect(importTwilioCsv(writeTemp(dir, 'log.csv', LOG)));
    const rs = records(items);
    expect(rs.map((r) => [r.number, r.direction, r.text, new Date(r.time).toISOString(), r.line])).toEqual([
      [DEALER, 'out', 'Deal, where?', '2026-10-03T21:20:00.000Z', 2],
      [DEALER, 'in', '28 final\nor "nothing"', '2026-10-03T21:15:00.000Z', 3],
      [DEALER, 'in', 'New stock in', '2026-10-03T21:14:00.000Z', 6],
    ]);
    expect(items.filter((i) => i.type === 'skip')).toHaveLength(1);
    expect(rejects(items)).toHaveLength(0);
  });

  it('reads a BOM and CRLF file like the plain one', async () => {
    const plain = records(await collect(importTwilioCsv(writeTemp(dir, 'a.csv', LOG))));
    const crlf = records(await collect(importTwilioCsv(writeTemp(dir, 'b.csv', '\uFEFF' + LOG.replace(/\n/g, '\r\n')), { chunkSize: 3 })));
    expect(crlf.map(({ file: _f, source: _s, ...r }) => r)).toEqual(plain.map(({ file: _f, source: _s, ...r }) => r));
  });

  it('rejects a file whose header lacks a required column', async () => {
    const noDirection = LOG.replace(',Direction,', ',Dir,');
    const items = await collect(importTwilioCsv(writeTemp(dir, 'c.csv', noDirection)));
    expect(records(items)).toHaveLength(0);
    expect(rejects(items).map((r) => [r.line, r.records, r.reason])).toEqual([[1, 4, 'not a Twilio message log: missing column(s) Direction; the 4 rows after it not read']]);
  });

  it('rejects a row with a missing column and one with an unparseable date, keeping the others', async () => {
    const bad = [HEADER, row(DEALER, BOT, 'ok', 'received', '2026-10-03T21:15:00Z', 'inbound'), `${DEALER},${BOT},short row,received`, row(DEALER, BOT, 'when?', 'received', 'last tuesday', 'inbound')].join('\n');
    const items = await collect(importTwilioCsv(writeTemp(dir, 'd.csv', bad)));
    expect(records(items).map((r) => r.text)).toEqual(['ok']);
    expect(rejects(items).map((r) => [r.line, r.reason])).toEqual([
      [3, 'expected 13 columns, found 4'],
      [4, 'unparseable SentDate "last tuesday"'],
    ]);
  });

  it('rejects an empty file and a binary file', async () => {
    expect(rejects(await collect(importTwilioCsv(writeTemp(dir, 'e.csv', ''))))[0]!.reason).toBe('empty file');
    expect(rejects(await collect(importTwilioCsv(writeTemp(dir, 'f.csv', Buffer.from([1, 2, 0, 3])))))[0]).toMatchObject({ offset: 2, reason: expect.stringMatching(/binary/) });
  });
});

describe('importTwilioCsv on files that are not (all) CSV', () => {
  it('a binary file: one reject with its byte offset, and no "no header" on top', async () => {
    const items = await collect(importTwilioCsv(writeTemp(dir, 'x.csv', Buffer.from([0x46, 0x72, 0x00, 0x01, 0x02]))));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ type: 'reject', offset: expect.any(Number) });
  });

  it('blank lines only: no header row', async () => {
    const items = await collect(importTwilioCsv(writeTemp(dir, 'blank.csv', '\n\n\n')));
    expect(rejects(items).map((r) => [r.line, r.reason])).toEqual([[1, 'no header row: not a Twilio message log']]);
  });

  it('a row csv-parse cannot read is rejected at its line; the rows around it are kept', async () => {
    const bad = [HEADER, row(DEALER, BOT, 'one', 'received', '2026-10-03T21:15:00Z', 'inbound'), row(DEALER, BOT, 'tw"o', 'received', '2026-10-03T21:16:00Z', 'inbound'), row(DEALER, BOT, 'three', 'received', '2026-10-03T21:17:00Z', 'inbound')].join('\n') + '\n';
    const items = await collect(importTwilioCsv(writeTemp(dir, 'quote.csv', bad)));
    expect(records(items).map((r) => [r.text, r.line])).toEqual([['one', 2], ['three', 4]]);
    expect(rejects(items).map((r) => r.line)).toEqual([3]);
    expect(rejects(items)[0]!.reason).toMatch(/^unreadable CSV row: /);
  });
});

describe('importTwilioCsv on broken rows: every row read or rejected at the line it starts on', () => {
  const rows = (n: number) => Array.from({ length: n }, (_, i) => row(DEALER, BOT, `"bericht ${i}, ok"`, 'received', `2026-10-03T21:${String(10 + i).padStart(2, '0')}:00Z`, 'inbound'));
  const texts = (items: { type: string }[]) => records(items).map((r) => r.text);

  it.each([
    ['an unclosed quote that runs to the end of the file', (r: string) => r.replace('ok"', 'ok')],
    ['a quote too many at the start of a field', (r: string) => r.replace(',received,', ',"received,')],
    ['a quote too many that closes on a later row', (r: string) => r.replace(',inbound,', ',"inbound,')],
  ])('%s: the row is rejected, the rows it ran over are read', async (_what, mutate) => {
    const lines = rows(6);
    lines[2] = mutate(lines[2]!);
    const csv = [HEADER, ...lines].join('\n') + '\n';
    for (const chunkSize of [undefined, 1, 5, 64]) {
      const items = await collect(importTwilioCsv(writeTemp(dir, 'bq.csv', csv), { chunkSize }));
      expect(texts(items), `chunk ${chunkSize}`).toEqual(['bericht 0, ok', 'bericht 1, ok', 'bericht 3, ok', 'bericht 4, ok', 'bericht 5, ok']);
      expect(rejects(items).map((r) => r.line), `chunk ${chunkSize}`).toEqual([4]);
      expect(rejects(items)[0]!.reason).toMatch(/^unreadable CSV row: /);
    }
  });

  it('a quote that swallows rows and still reads as one row of the right width is caught', async () => {
    // the Body's closing quote moved to the end of the next row's Body: 13 fields, 2 lines
    const lines = rows(4);
    lines[1] = lines[1]!.replace('ok"', 'ok');
    lines[2] = lines[2]!.replace('"bericht 2, ok"', 'bericht 2"');
    const csv = [HEADER, ...lines].join('\n') + '\n';
    const items = await collect(importTwilioCsv(writeTemp(dir, 'sw.csv', csv)));
    expect(rejects(items).map((r) => [r.line, r.endLine])).toEqual([[3, 4], [4, undefined]]);
    expect(texts(items)).toEqual(['bericht 0, ok', 'bericht 3, ok']);
    expect(rejects(items)[0]!.reason).toMatch(/lines 3–4/);
  });

  it('a multi-line row that cannot be read is rejected at its first line', async () => {
    const lines = rows(3);
    lines[1] = lines[1]!.replace('"bericht 1, ok"', '"bericht 1\nnog iets"x');
    const items = await collect(importTwilioCsv(writeTemp(dir, 'ml.csv', [HEADER, ...lines].join('\n') + '\n')));
    expect(rejects(items).map((r) => r.line)).toEqual([3, 4]);
    expect(texts(items)).toEqual(['bericht 0, ok', 'bericht 2, ok']);
  });

  it('two rows whose line break was lost are one reject that counts both', async () => {
    const lines = rows(4);
    const csv = [HEADER, lines[0], lines[1]! + lines[2]!, lines[3]].join('\n') + '\n';
    const items = await collect(importTwilioCsv(writeTemp(dir, 'lb.csv', csv)));
    expect(texts(items)).toEqual(['bericht 0, ok', 'bericht 3, ok']);
    expect(rejects(items).map((r) => [r.line, r.records, r.reason])).toEqual([[3, 2, 'expected 13 columns, found 25 (2 rows run together?)']]);
  });

  it('a NUL byte in a row rejects that row; the file is still read', async () => {
    const lines = rows(3);
    lines[1] = lines[1]!.replace('bericht', 'ber\0icht');
    const items = await collect(importTwilioCsv(writeTemp(dir, 'nul.csv', [HEADER, ...lines].join('\n') + '\n')));
    expect(texts(items)).toEqual(['bericht 0, ok', 'bericht 2, ok']);
    expect(rejects(items).map((r) => [r.line, r.reason])).toEqual([[3, 'unreadable CSV row: a NUL byte (a damaged file)']]);
  });
});
