// What users' exports really hold, through the existing importers: gzipped and UTF-16 files,
// dates in seconds or from 1970, group MMS, WhatsApp/Messenger senders in a Twilio log, national
// numbers of another region, and files nothing can read, named for what they look like.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../lib/console.js';
import { packagePath } from '../../lib/package-root.js';
import { Pseudonymizer } from '../pseudonym.js';
import { detectFormat } from './detect.js';
import { runImport } from './run.js';
import { SMS_XML_HEAD, tempDir, writeTemp } from './test-files.js';

const env = { DEALERBOT_KEY: 'test-key' };
const XML = packagePath('data', 'corpus', 'sms-backup.xml');
function quietIo(): Io & { err: string[] } {
  const err: string[] = [];
  const w = { write: (s: string) => (err.push(s), true) } as unknown as NodeJS.WritableStream;
  return { stdout: w as never, stderr: w as never, err };
}
const readRejects = (f: string) => readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { file: string; line: number | null; reason: string; offset?: number });
const TWILIO_HEADER = 'From,To,Body,Status,SentDate,ApiVersion,NumSegments,ErrorCode,AccountSid,Sid,Direction,Price,PriceUnit';
const twilioRow = (from: string, to: string, body: string, date: string, direction: string) => [from, to, body, 'received', date, '2010-04-01', '1', '', 'AC0', 'SM0', direction, '0', 'USD'].join(',');

describe('compressed and re-encoded files', () => {
  it('reads a gzipped backup (by its magic bytes, whatever its name) like the plain file', async () => {
    const dir = tempDir();
    const gz = writeTemp(dir, 'backup.bin', gzipSync(readFileSync(XML)));
    expect(await detectFormat(gz)).toEqual({ format: 'sms-backup' });
    const plain = await runImport({ files: [XML], out: join(dir, 'a.jsonl'), env }, quietIo());
    const zipped = await runImport({ files: [gz], out: join(dir, 'b.jsonl'), env, chunkSize: 4096 }, quietIo());
    expect(zipped.summary.rejected).toBe(0);
    expect(zipped.events.map(({ source: _s, ...e }) => e)).toEqual(plain.events.map(({ source: _s, ...e }) => e));
  });

  it('reads a gzipped Twilio log, transcript and WhatsApp chat like the plain files', async () => {
    const dir = tempDir();
    const plainFiles = [packagePath('data', 'corpus', 'twilio-messages.csv'), packagePath('data', 'corpus', 'whatsapp-android-nl.txt')];
    const a = await runImport({ files: plainFiles, out: join(dir, 'a.jsonl'), env, me: 'Tom' }, quietIo());
    const gz = plainFiles.map((f, i) => writeTemp(dir, `f${i}.gz`, gzipSync(readFileSync(f))));
    gz.push(writeTemp(dir, 't.jsonl.gz', gzipSync(readFileSync(join(dir, 'a.jsonl')))));
    for (const f of gz) expect((await detectFormat(f)).format).toBeDefined();
    const b = await runImport({ files: gz, out: join(dir, 'b.jsonl'), env, me: 'Tom' }, quietIo());
    expect(b.summary.rejected).toBe(0);
    expect(b.summary.duplicates).toBe(a.events.length - a.summary.meetings_inferred);
    expect(b.events.map(({ source: _s, ...e }) => e)).toEqual(a.events.map(({ source: _s, ...e }) => e));
  });

  it('a gzip cut short: the records before the cut are read, the cut is one reject naming the file', async () => {
    const dir = tempDir();
    const whole = gzipSync(readFileSync(XML));
    const f = writeTemp(dir, 'cut.xml.gz', whole.subarray(0, Math.floor(whole.length * 0.6)));
    const io = quietIo();
    const { summary } = await runImport({ files: [f], out: join(dir, 'o.jsonl'), env }, io);
    expect(summary.messages).toBeGreaterThan(10);
    const rej = readRejects(summary.rejects_file!);
    expect(rej.some((r) => r.file === f && /gzip data damaged \(cut short\)/.test(r.reason))).toBe(true);
  });

  it('reads UTF-16 text with a byte-order mark (Windows "Unicode") as text', async () => {
    const dir = tempDir();
    const plain = readFileSync(XML, 'utf8');
    const f = writeTemp(dir, 'u16.xml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(plain, 'utf16le')]));
    expect(await detectFormat(f)).toEqual({ format: 'sms-backup' });
    const a = await runImport({ files: [XML], out: join(dir, 'a.jsonl'), env }, quietIo());
    const b = await runImport({ files: [f], out: join(dir, 'b.jsonl'), env }, quietIo());
    expect(b.events.map((e) => e.text)).toEqual(a.events.map((e) => e.text));
    // big-endian: one reject that says what to do
    const be = Buffer.from(plain, 'utf16le').swap16();
    const g = writeTemp(dir, 'u16be.xml', Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
    const c = await runImport({ files: [g, XML], out: join(dir, 'c.jsonl'), env, format: 'sms-backup' }, quietIo());
    expect(readRejects(c.summary.rejects_file!)).toEqual([{ file: g, line: null, offset: 0, reason: 'UTF-16 big-endian text: save the export as UTF-8' }]);
  });
});

describe('dates', () => {
  it('reads seconds as seconds and microseconds as microseconds, with a note; rejects 1970 and other years before 2000 with the reason', async () => {
    const dir = tempDir();
    const xml = `${SMS_XML_HEAD}<smses count="5">
<sms address="+32470000101" date="1791062040000" type="1" body="ms" />
<sms address="+32470000101" date="1791062100" type="1" body="seconds" />
<sms address="+32470000101" date="1791062160000000" type="1" body="microseconds" />
<sms address="+32470000101" date="0" type="1" body="never set" />
<sms address="+32470000101" date="631152000000" type="1" body="1990" />
</smses>`;
    const io = quietIo();
    const r = await runImport({ files: [writeTemp(dir, 'd.xml', xml)], out: join(dir, 'o.jsonl'), env }, io);
    expect(r.events.map((e) => [e.text, e.ts])).toEqual([
      ['ms', '2026-10-03T21:14:00.000Z'],
      ['seconds', '2026-10-03T21:15:00.000Z'],
      ['microseconds', '2026-10-03T21:16:00.000Z'],
    ]);
    expect(r.summary.notes).toEqual([expect.stringMatching(/1 date in seconds since 1970, not milliseconds: read as seconds/), expect.stringMatching(/1 date in microseconds/)]);
    const rej = readRejects(r.summary.rejects_file!);
    expect(rej.map((x) => [x.line, x.reason])).toEqual([
      [6, 'date 1970-01-01T00:00:00.000Z is before 2000: a clock that was not set, or a date in the wrong unit'],
      [7, 'date 1990-01-01T00:00:00.000Z is before 2000: a clock that was not set, or a date in the wrong unit'],
    ]);
  });

  it('rejects a Twilio row and a transcript line dated before 2000', async () => {
    const dir = tempDir();
    const csv = [TWILIO_HEADER, twilioRow('+32470000101', '+32470000999', 'ok', '2026-10-03T21:14:00Z', 'inbound'), twilioRow('+32470000101', '+32470000999', 'old', '1970-01-01T00:00:01Z', 'inbound')].join('\n') + '\n';
    const jsonl = '{"conversation":"c","counterpart":"p_0000000000000000","ts":"1999-12-31T23:59:59.000Z","direction":"in","kind":"sms","text":"x"}\n';
    const r = await runImport({ files: [writeTemp(dir, 't.csv', csv), writeTemp(dir, 'o.jsonl', jsonl)], out: join(dir, 'x.jsonl'), env }, quietIo());
    expect(r.summary.messages).toBe(1);
    expect(readRejects(r.summary.rejects_file!).map((x) => [x.line, x.reason.replace(/ \(.*$|:.*$/, '')])).toEqual([
      [3, 'date 1970-01-01T00'],
      [1, 'ts 1999-12-31T23'],
    ]);
  });
});

describe('groups and channels', () => {
  const xml = `${SMS_XML_HEAD}<smses count="3">
<sms address="+32470000101" date="1791062040000" type="1" body="1:1" />
<mms date="1791062100000" msg_box="1" address="+32470000101~+32470000102~+32470000999">
  <parts><part seq="0" ct="text/plain" text="group hello" /></parts>
  <addrs><addr address="+32470000101" type="137" /><addr address="+32470000102" type="151" /><addr address="+32470000999" type="151" /></addrs>
</mms>
<mms date="1791062160000" msg_box="2" address="+32470000101~+32470000102~+32470000999">
  <parts><part seq="0" ct="text/plain" text="group reply" /></parts>
  <addrs><addr address="+32470000999" type="137" /><addr address="+32470000101" type="151" /><addr address="+32470000102" type="151" /></addrs>
</mms>
</smses>`;

  it('skips a group MMS with a count, and keeps it as one group conversation with --groups', async () => {
    const dir = tempDir();
    const f = writeTemp(dir, 'g.xml', xml);
    const skipped = await runImport({ files: [f], out: join(dir, 'a.jsonl'), env }, quietIo());
    expect(skipped.summary).toMatchObject({ messages: 1, skipped: 2, skipped_by: { group: 2 }, rejected: 0 });
    const kept = await runImport({ files: [f], out: join(dir, 'b.jsonl'), env, groups: true }, quietIo());
    expect(kept.summary).toMatchObject({ messages: 3, skipped: 0, conversations: 2, counterparts: 2 });
    const group = kept.events.filter((e) => e.text.startsWith('group'));
    expect(group.map((e) => e.direction)).toEqual(['in', 'out']);
    expect(new Set(group.map((e) => e.counterpart)).size).toBe(1);
    // the group is not any member
    const p = new Pseudonymizer(Buffer.from('test-key'), 'BE');
    expect(group[0]!.counterpart).not.toBe(p.ofE164('+32470000101'));
  });

  it('skips WhatsApp and Messenger senders of a Twilio log with a count instead of rejecting them', async () => {
    const dir = tempDir();
    const csv =
      [
        TWILIO_HEADER,
        twilioRow('whatsapp:+32470000101', 'whatsapp:+32470000999', 'wa', '2026-10-03T21:14:00Z', 'inbound'),
        twilioRow('messenger:1234567890123456', 'messenger:99', 'fb', '2026-10-03T21:15:00Z', 'inbound'),
        twilioRow('+32470000101', '+32470000999', 'sms', '2026-10-03T21:16:00Z', 'inbound'),
      ].join('\n') + '\n';
    const { summary } = await runImport({ files: [writeTemp(dir, 'c.csv', csv)], out: join(dir, 'o.jsonl'), env }, quietIo());
    expect(summary).toMatchObject({ messages: 1, rejected: 0, skipped: 2, skipped_by: { whatsapp: 1, messenger: 1 } });
  });
});

describe('regions', () => {
  const nl = (n: number) => `<sms address="06 1234 56${String(n).padStart(2, '0')}" date="${1791062040000 + n * 60_000}" type="1" body="m${n}" />`;

  it('names --region in the reject of a national number that does not fit it, and what it fits', async () => {
    const dir = tempDir();
    const xml = `${SMS_XML_HEAD}<smses count="3">\n<sms address="+32470000101" date="1791062040000" type="1" body="a" />\n<sms address="+32470000102" date="1791062040000" type="1" body="b" />\n<sms address="07400 123456" date="1791062100000" type="1" body="uk" />\n</smses>`;
    const { summary } = await runImport({ files: [writeTemp(dir, 'r.xml', xml)], out: join(dir, 'o.jsonl'), env }, quietIo());
    expect(summary.region).toBe('BE');
    const [rej] = readRejects(summary.rejects_file!);
    expect(rej!.line).toBe(5);
    // (07400 123456 is libphonenumber's example number for a GB mobile)
    expect(rej!.reason).toMatch(/in region BE \(--region BE, a number without a country code\); valid in DE, GB/);
    expect(rej!.reason).not.toMatch(/7400|123456/);
  });

  it('guesses the region when most numbers fail in BE, says so in one line, and keeps a region that was given', async () => {
    const dir = tempDir();
    const xml = `${SMS_XML_HEAD}<smses count="6">\n${[1, 2, 3, 4, 5].map(nl).join('\n')}\n<sms address="+32470000101" date="1791062040000" type="1" body="be" />\n</smses>`;
    const f = writeTemp(dir, 'nl.xml', xml);
    const io = quietIo();
    const guessed = await runImport({ files: [f], out: join(dir, 'a.jsonl'), env }, io);
    expect(guessed.summary).toMatchObject({ region: 'NL', messages: 6, rejected: 0 });
    const lines = io.err.join('').trim().split('\n');
    expect(lines.filter((l) => /region/.test(l))).toEqual([
      'dealerbot: note: 5 of 5 numbers written without a country code are no valid number of region BE; 5 of them are of NL (as many of FR, DE, IE): read with --region NL (give --region to choose)',
    ]);
    const p = new Pseudonymizer(Buffer.from('test-key'), 'NL');
    expect(guessed.events.some((e) => e.counterpart === p.ofE164('+31612345601'))).toBe(true);
    // given: kept, with the suggestion in a note
    const given = await runImport({ files: [f], out: join(dir, 'b.jsonl'), env, region: 'BE' }, quietIo());
    // (06… has the length of a Belgian number: read in BE it is a number that exists nowhere)
    expect(given.summary).toMatchObject({ region: 'BE', messages: 6, rejected: 0 });
    expect(given.summary.notes).toEqual([expect.stringMatching(/try --region NL$/)]);
  });
});

describe('JSON lines that are no events', () => {
  it('given as --format jsonl: each line says what it is, not the schema\'s first complaint', async () => {
    const dir = tempDir();
    const f = writeTemp(dir, 'x.jsonl', '{"id": 1, "body": "x"}\n[1, 2]\n{"conversation": "c"}\n');
    await expect(runImport({ files: [f], out: join(dir, 'o.jsonl'), env, format: 'jsonl' }, quietIo())).rejects.toThrow(/nothing imported/);
    expect(readRejects(join(dir, 'o.rejects.jsonl')).map((r) => r.reason)).toEqual([
      'not a transcript v1 event: an object with keys id, body and none of conversation, counterpart, ts, direction, kind, text',
      'not a transcript v1 event: a JSON array, not an object',
      expect.stringMatching(/^counterpart: /),
    ]);
  });
});

describe('what the first reading says', () => {
  it('with --strict, the lines of the reading that failed still reach stderr (a key just created)', async () => {
    const dir = tempDir();
    const f = writeTemp(dir, 'p.xml', `${SMS_XML_HEAD}<smses count="1">\n<sms address="Proximus" date="1791062040000" type="1" body="x" />\n</smses>`);
    const io = quietIo();
    await expect(runImport({ files: [f], out: join(dir, 'o.jsonl'), env: {}, cwd: dir, strict: true }, io)).rejects.toThrow(/--strict/);
    expect(io.err.join('')).toMatch(/created a new pseudonymisation key/);
  });
});

describe('files nothing reads', () => {
  it('says what it saw instead of a schema error', async () => {
    const dir = tempDir();
    const cases: [string, string | Buffer, RegExp][] = [
      ['a.json', '{"name": "x", "type": "thing", "items": [1, 2]}\n', /unknown format: a JSON object with keys name, type, items, not transcript v1/],
      ['b.json', '{\n  "version": 3,\n  "rows": []\n}\n', /unknown format: a JSON document with keys version, rows/],
      ['c.csv', 'date,sender,message\n2026-10-03,x,y\n', /unknown format: a CSV header with columns date, sender, message, not Twilio's/],
      ['d.txt', 'Dear diary, today\n', /unknown format: the first line reads "Dear diary, today", not an SMS Backup/],
      ['e.bin', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2, 3, 4, 5, 6]), /binary file, not a text export \(NUL byte; it starts with bytes 89 50 4e 47\)/],
    ];
    for (const [name, content, reason] of cases) {
      const d = await detectFormat(writeTemp(dir, name, content));
      expect(d.format, name).toBeUndefined();
      expect((d as { reason: string }).reason, name).toMatch(reason);
    }
  });
});
