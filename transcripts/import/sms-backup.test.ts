import { describe, expect, it } from 'vitest';
import { importSmsBackup } from './sms-backup.js';
import type { RawRecord, Reject } from './record.js';
import { SMS_XML_HEAD, collect, tempDir, writeTemp } from './test-files.js';

const dir = tempDir();
const records = (items: { type: string }[]) => items.filter((i): i is RawRecord => i.type === 'record');
const rejects = (items: { type: string }[]) => items.filter((i): i is Reject => i.type === 'reject');

const BACKUP = `${SMS_XML_HEAD}<smses count="5">
  <sms protocol="0" address="0470 11 22 33" date="1791062040000" type="1" body="Nieuwe lading &#55357;&#56613;&#10;10e/g" read="1" />
  <sms protocol="0" address="+32470112233" date="1791062100000" type="2" body="hoeveel voor 5?" />
  <sms protocol="0" address="+32470112233" date="1791062160000" type="3" body="draft" />
  <sms protocol="0" address="+32470112233" date="1791062170000" type="5" body="failed" />
  <mms date="1791062200000" msg_box="1" address="+32470112233~+32499000000">
    <parts>
      <part seq="-1" ct="application/smil" text="&lt;smil/&gt;" />
      <part seq="0" ct="image/jpeg" name="menu.jpg" data="/9j/4AAQSkZJRg==" />
      <part seq="1" ct="text/plain" text="kijk menu" />
    </parts>
    <addrs><addr address="+32499000000" type="151" /><addr address="+32470112233" type="137" /></addrs>
  </mms>
  <sms protocol="0" address="+32470112233" date="yesterday" type="1" body="bad date" />
</smses>
`;

describe('importSmsBackup', () => {
  it('reads sms and mms, skips drafts and failed, rejects an unparseable date with its line', async () => {
    const items = await collect(importSmsBackup(writeTemp(dir, 'b.xml', BACKUP)));
    const rs = records(items);
    expect(rs.map((r) => [r.direction, r.kind, r.text])).toEqual([
      ['in', 'sms', 'Nieuwe lading \u{1F525}\n10e/g'],
      ['out', 'sms', 'hoeveel voor 5?'],
      ['in', 'mms', 'kijk menu\n[image/jpeg menu.jpg]'],
    ]);
    expect(rs[0]!.time).toBe(1791062040000);
    expect(rs[0]!.line).toBe(3);
    // the MMS sender comes from the typed <addr> list, not the first of the '~' list
    expect(rs[2]!.number).toBe('+32470112233');
    expect(items.filter((i) => i.type === 'skip').map((s) => (s as { reason: string }).reason)).toEqual(['draft', 'failed']);
    expect(rejects(items)).toEqual([{ type: 'reject', file: expect.stringContaining('b.xml'), line: 15, reason: 'sms with an unparseable date' }]);
  });

  it('gives the same records whatever the chunk size (emoji references cut at boundaries)', async () => {
    const file = writeTemp(dir, 'c.xml', BACKUP);
    const whole = records(await collect(importSmsBackup(file)));
    for (const chunkSize of [1, 2, 3, 5, 7, 16]) {
      expect(records(await collect(importSmsBackup(file, { chunkSize }))), `chunk ${chunkSize}`).toEqual(whole);
    }
  });

  it('reads the call log: incoming, outgoing, missed and rejected with durations', async () => {
    const xml = `${SMS_XML_HEAD}<calls count="4">
<call number="0470112233" duration="125" date="1791062040000" type="1" />
<call number="0470112233" duration="30" date="1791062050000" type="2" />
<call number="0470112233" duration="0" date="1791062060000" type="3" />
<call number="0470112233" duration="7" date="1791062070000" type="5" />
<call number="" duration="0" date="1791062080000" type="1" />
</calls>`;
    const items = await collect(importSmsBackup(writeTemp(dir, 'calls.xml', xml)));
    expect(records(items).map((r) => [r.direction, r.kind, r.duration_s, r.text])).toEqual([
      ['in', 'call', 125, ''],
      ['out', 'call', 30, ''],
      ['in', 'call', 0, ''],
      ['in', 'call', 0, ''],
    ]);
    expect(rejects(items).map((r) => [r.line, r.reason])).toEqual([[7, 'call without a number (hidden or private sender)']]);
  });

  it('keeps what precedes the cut of a truncated file and rejects the rest with a line', async () => {
    const cut = BACKUP.slice(0, BACKUP.indexOf('<sms protocol="0" address="+32470112233" date="1791062160000"'));
    const items = await collect(importSmsBackup(writeTemp(dir, 't.xml', cut + '<sms address="+3247')));
    expect(records(items)).toHaveLength(2);
    const r = rejects(items);
    expect(r).toHaveLength(1);
    expect(r[0]!.reason).toMatch(/^truncated XML: /);
    expect(r[0]!.line).toBe(5);
  });

  it('rejects a binary file with a byte offset, before any parsing', async () => {
    const bin = Buffer.from([0x3c, 0x3f, 0x78, 0x6d, 0x6c, 0x00, 0xff, 0xfe, 0x01, 0x02]);
    const items = await collect(importSmsBackup(writeTemp(dir, 'x.bin', bin), { chunkSize: 2 }));
    expect(items).toEqual([{ type: 'reject', file: expect.stringContaining('x.bin'), offset: 5, reason: 'binary file, not a text export (NUL byte)' }]);
  });

  it('rejects an empty file', async () => {
    const items = await collect(importSmsBackup(writeTemp(dir, 'empty.xml', '')));
    expect(items).toEqual([{ type: 'reject', file: expect.stringContaining('empty.xml'), offset: 0, reason: 'empty file' }]);
  });

  it('rejects XML that is not a backup', async () => {
    const items = await collect(importSmsBackup(writeTemp(dir, 'o.xml', '<html><body/></html>')));
    expect(rejects(items)[0]!.reason).toMatch(/not an SMS Backup & Restore file/);
    expect(records(items)).toHaveLength(0);
  });

  it('reads a file with a UTF-8 BOM and CRLF line ends like the plain one', async () => {
    const plain = records(await collect(importSmsBackup(writeTemp(dir, 'p.xml', BACKUP))));
    const bomCrlf = records(await collect(importSmsBackup(writeTemp(dir, 'q.xml', '\uFEFF' + BACKUP.replace(/\n/g, '\r\n')))));
    expect(bomCrlf.map(({ file: _f, source: _s, ...r }) => r)).toEqual(plain.map(({ file: _f, source: _s, ...r }) => r));
  });

  it('reads a 2 MB body in full', async () => {
    const body = 'ab&amp;c '.repeat(230_000);
    const xml = `${SMS_XML_HEAD}<smses count="1"><sms address="+32470112233" date="1791062040000" type="1" body="${body}" /></smses>`;
    expect(xml.length).toBeGreaterThan(2_000_000);
    const rs = records(await collect(importSmsBackup(writeTemp(dir, 'big.xml', xml), { chunkSize: 65536 })));
    expect(rs).toHaveLength(1);
    expect(rs[0]!.text.length).toBe('ab&c '.length * 230_000);
  });
});

describe('importSmsBackup on broken files: every record read or counted in a reject', () => {
  const rec = (i: number, extra = '') => `  <sms protocol="0" address="+32470112233" date="${1791062040000 + i * 1000}" type="1" body="bericht ${i}"${extra} readable_date="x" contact_name="(Unknown)" />`;
  const file = (lines: string[]) => `${SMS_XML_HEAD}<smses count="${lines.length}">\n${lines.join('\n')}\n</smses>\n`;
  const texts = (items: { type: string }[]) => records(items).map((r) => r.text);
  // line of record i in file(): the XML declaration and <smses> come first
  const lineOf = (i: number) => i + 3;

  it('an unclosed comment: one reject naming the lines it covers and how many records it swallowed', async () => {
    const lines = Array.from({ length: 8 }, (_, i) => rec(i));
    lines[3] = '  <!-- ' + lines[3];
    const items = await collect(importSmsBackup(writeTemp(dir, 'uc.xml', file(lines))));
    expect(texts(items)).toEqual(['bericht 0', 'bericht 1', 'bericht 2']);
    const r = rejects(items);
    // the comment runs to the end of the file (line 12, after </smses>)
    expect(r.filter((x) => /comment/.test(x.reason))).toEqual([
      {
        type: 'reject',
        file: expect.any(String),
        line: lineOf(3),
        endLine: 12,
        records: 5,
        reason: `a comment (<!-- … -->, from line ${lineOf(3)}, never closed) holds 5 records (<sms>/<mms>/<call> starts on lines ${lineOf(3)}–${lineOf(7)}): not read`,
      },
    ]);
    expect(r.reduce((n, x) => n + (x.records ?? 1), 0)).toBe(5);
  });

  it('a comment closed further on swallows the records in between, counted in one reject', async () => {
    const lines = Array.from({ length: 6 }, (_, i) => rec(i));
    lines[1] = '  <!-- ' + lines[1];
    lines[4] = '  --> ' + lines[4];
    const items = await collect(importSmsBackup(writeTemp(dir, 'cc.xml', file(lines))));
    expect(texts(items)).toEqual(['bericht 0', 'bericht 4', 'bericht 5']);
    expect(rejects(items)).toEqual([
      expect.objectContaining({ line: lineOf(1), endLine: lineOf(4), records: 3, reason: 'a comment (<!-- … -->, lines 4–7) holds 3 records (<sms>/<mms>/<call> starts on lines 4–6): not read' }),
    ]);
  });

  it('a comment start inside a comment is an error too; the records inside are still counted', async () => {
    const lines = Array.from({ length: 6 }, (_, i) => rec(i));
    lines[1] = '  <!-- ' + lines[1];
    lines[4] = '  <!-- a note --> ' + lines[4];
    const items = await collect(importSmsBackup(writeTemp(dir, 'c2.xml', file(lines))));
    expect(texts(items)).toEqual(['bericht 0', 'bericht 4', 'bericht 5']);
    expect(rejects(items).reduce((n, x) => n + (x.records ?? 1), 0)).toBe(3);
    expect(rejects(items).map((r) => [r.line, r.records])).toEqual([
      [lineOf(1), 3],
      [lineOf(4), 0],
    ]);
  });

  it.each([
    ['a deleted ">"', (l: string) => l.replace(' />', ' /')],
    ['a deleted closing quote', (l: string) => l.replace('(Unknown)"', '(Unknown)')],
    ['a deleted closing quote of a value that is read', (l: string) => l.replace(/(bericht \d+)"/, '$1')],
    ['a stray "<" in a value', (l: string) => l.replace('bericht', 'ber<icht')],
    ['a stray "<" in the tag', (l: string) => l.replace(' type=', ' < type=')],
    ['a NUL byte', (l: string) => l.replace('bericht', 'ber\0icht')],
  ])('%s costs that record alone, rejected at the line it starts on', async (_what, mutate) => {
    const lines = Array.from({ length: 6 }, (_, i) => rec(i));
    lines[2] = mutate(lines[2]!);
    const xml = file(lines);
    for (const chunkSize of [undefined, 1, 7, 64]) {
      const items = await collect(importSmsBackup(writeTemp(dir, 'm.xml', xml), { chunkSize }));
      expect(texts(items), `chunk ${chunkSize}`).toEqual(['bericht 0', 'bericht 1', 'bericht 3', 'bericht 4', 'bericht 5']);
      expect(rejects(items).map((r) => [r.line, r.records ?? 1]), `chunk ${chunkSize}`).toEqual([[lineOf(2), 1]]);
      expect(rejects(items)[0]!.reason).toMatch(/^malformed XML: /);
    }
  });

  it('names the line a record starts on, not the one its tag ends on', async () => {
    const lines = Array.from({ length: 3 }, (_, i) => rec(i));
    lines[1] = lines[1]!.replace(' type="1"', '\n    type="1"').replace(/date="\d+"/, 'date="soon"');
    const items = await collect(importSmsBackup(writeTemp(dir, 'ml.xml', file(lines))));
    expect(rejects(items).map((r) => [r.line, r.reason])).toEqual([[lineOf(1), 'sms with an unparseable date']]);
    expect(records(items).map((r) => r.line)).toEqual([lineOf(0), lineOf(2) + 1]);
  });

  it('reads on after any number of errors (one per record)', async () => {
    const lines = Array.from({ length: 40 }, (_, i) => (i % 2 ? rec(i).replace(' />', ' /') : rec(i)));
    const items = await collect(importSmsBackup(writeTemp(dir, 'many.xml', file(lines))));
    expect(records(items)).toHaveLength(20);
    expect(rejects(items)).toHaveLength(20);
    expect(rejects(items).map((r) => r.line)).toEqual(Array.from({ length: 20 }, (_, k) => lineOf(2 * k + 1)));
  });

  it('a picture whose closing quote is missing does not take the records after it along', async () => {
    const mms = `  <mms date="1791062040000" msg_box="1" address="+32470112233"><parts><part seq="0" ct="image/jpeg" name="p.jpg" data="${'A'.repeat(10_000)} /><part seq="1" ct="text/plain" text="kijk" /></parts><addrs><addr address="+32470112233" type="137" /></addrs></mms>`;
    const lines = [rec(0), mms, rec(2), rec(3)];
    const items = await collect(importSmsBackup(writeTemp(dir, 'blob.xml', file(lines)), { chunkSize: 4096 }));
    expect(texts(items)).toEqual(['bericht 0', 'bericht 2', 'bericht 3']);
    expect(rejects(items).map((r) => [r.line, r.records ?? 1])).toEqual([[lineOf(1), 1]]);
  });

  it('a record cut by the end of the file is one reject; an unfinished root alone loses nothing', async () => {
    const whole = file([rec(0), rec(1)]);
    const cut = await collect(importSmsBackup(writeTemp(dir, 'cut.xml', whole.slice(0, whole.indexOf('bericht 1')))));
    expect(texts(cut)).toEqual(['bericht 0']);
    expect(rejects(cut).map((r) => [r.line, r.records ?? 1, r.reason.split(':')[0]])).toEqual([[lineOf(1), 1, 'truncated XML']]);
    const noRoot = await collect(importSmsBackup(writeTemp(dir, 'noend.xml', whole.replace('</smses>\n', ''))));
    expect(texts(noRoot)).toEqual(['bericht 0', 'bericht 1']);
    expect(rejects(noRoot).map((r) => [r.records, r.reason])).toEqual([[0, 'truncated XML: unclosed tag: smses (between records: none lost)']]);
  });
});
