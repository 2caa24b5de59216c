// imessage-exporter txt and Telegram Desktop result.json.
// imessage-exporter: the layout of src/exporters/txt.rs (format_message: date line, sender line,
// body, blank line; "Attachment missing!"; announcements on the date line) and the date format
// `%b %d, %Y %l:%M:%S %p` of imessage-database/src/util/dates.rs, at ReagentX/imessage-exporter
// 2dc3d03; its own test expects "May 17, 2022  5:29:42 PM\nMe\nHello world\n\n".
// Telegram: the fields of single-chat exports (name, type "personal_chat", id, messages with
// date, date_unixtime, from, from_id, text as a string or a list of pieces, photo, media_type;
// service messages with actor and action) as in tg-parser's docs/TELEGRAM_FORMAT.md and public
// result.json samples. The samples in data/corpus/ are written by hand.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../lib/console.js';
import { packagePath } from '../../lib/package-root.js';
import { Pseudonymizer } from '../pseudonym.js';
import { detectFormat } from './detect.js';
import { runImport } from './run.js';
import { tempDir, writeTemp } from './test-files.js';

const env = { DEALERBOT_KEY: 'test-key' };
const IMESSAGE = packagePath('data', 'corpus', 'imessage-exporter.txt');
const TELEGRAM = packagePath('data', 'corpus', 'telegram-result.json');
function quietIo(): Io {
  const w = { write: () => true } as unknown as NodeJS.WritableStream;
  return { stdout: w as never, stderr: w as never };
}
type RejectLine = { file: string; line: number | null; reason: string; offset?: number };
const readRejects = (f: string | null): RejectLine[] => (f ? readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as RejectLine) : []);
const p = new Pseudonymizer(Buffer.from('test-key'), 'BE');

async function imported(name: string, content: string | Buffer, extra: Record<string, unknown> = {}) {
  const dir = tempDir();
  const f = writeTemp(dir, name, content);
  const r = await runImport({ files: [f], out: join(dir, 'o.jsonl'), env, ...extra }, quietIo());
  return { f, r, rejects: readRejects(r.summary.rejects_file) };
}

describe('imessage-exporter txt', () => {
  it('the sample: "Me" is the bot, the handle a number, an announcement skipped, a missing attachment kept as mms', async () => {
    expect(await detectFormat(IMESSAGE)).toEqual({ format: 'imessage' });
    const dir = tempDir();
    const r = await runImport({ files: [IMESSAGE], out: join(dir, 'o.jsonl'), env }, quietIo());
    expect(r.summary).toMatchObject({ messages: 6, rejected: 0, skipped_by: { system: 1 }, in: 4, out: 2, counterparts: 1 });
    expect(r.events[0]).toMatchObject({ counterpart: p.ofE164('+32470000103'), ts: '2026-10-03T19:14:00.000Z', direction: 'in' });
    expect(r.events[1]).toMatchObject({ text: 'hoeveel voor 2?', direction: 'out', ts: '2026-10-03T19:20:12.000Z' });
    expect(r.events[2]!.text).toBe('2 voor 110\nbeste prijs');
    expect(r.events.find((e) => e.kind === 'mms')!.text).toBe('[attachment missing]');
    expect(readFileSync(join(dir, 'o.jsonl'), 'utf8')).not.toMatch(/470000103/);
  });

  it('reads the same in chunks of any size', async () => {
    const { importImessage } = await import('./imessage.js');
    const { collect } = await import('./test-files.js');
    const whole = await collect(importImessage(IMESSAGE));
    for (const chunkSize of [1, 3, 7, 64]) expect(await collect(importImessage(IMESSAGE, { chunkSize })), String(chunkSize)).toEqual(whole);
  });

  const msg = (date: string, who: string, ...body: string[]) => [date, who, ...body, ''].join('\n') + '\n';
  it('bad dates, a cut file, another encoding, a huge line: rejects with their lines, the rest read', async () => {
    const text =
      'stray text before any date\n' +
      msg('Oct 03, 2026  9:14:00 PM', '+32470000103', 'a') +
      msg('Feb 30, 2026  9:15:00 PM', '+32470000103', 'bad day') +
      msg('Oct 03, 1999  9:16:00 PM', '+32470000103', 'old') +
      msg('Oct 03, 2026 13:17:00 PM', '+32470000103', 'hour 13 PM') +
      msg('Oct 03, 2026  9:18:00 PM', '+32470000103', 'x'.repeat(70_000)) +
      msg('Oct 03, 2026  9:19:00 PM', 'Me', 'b') +
      'Oct 03, 2026  9:20:00 PM\n';
    const { f, r, rejects } = await imported('chat.txt', Buffer.concat([Buffer.from(text), Buffer.from('Oct 03, 2026  9:21:00 PM\n+32470000103\ncaf'), Buffer.from([0xe9, 0x0a])]), { format: 'imessage' });
    expect(r.events.map((e) => e.text)).toEqual(['a', 'b']);
    expect(rejects.map((x) => [x.file, x.line, x.reason.slice(0, 40)])).toEqual([
      [f, 1, 'not an imessage-exporter line (no date s'],
      [f, 6, 'not a date: "Feb 30, 2026  9:15:00 PM"'],
      [f, 10, 'date Oct 03, 1999  9:16:00 PM is before '],
      [f, 14, 'not a date: "Oct 03, 2026 13:17:00 PM"'],
      [f, 18, 'message of 70000 characters, more than a'],
      [f, 26, 'a date without a sender on the next line'],
      [f, 27, 'text is not valid UTF-8 (a file in anoth'],
    ]);
  });

  it('an empty and a binary file are one reject each; a chat where only "Me" wrote has no counterpart', async () => {
    const dir = tempDir();
    const files = [writeTemp(dir, 'e.txt', ''), writeTemp(dir, 'b.txt', Buffer.from([0x4f, 0x63, 0x74, 0, 1, 2, 3, 4])), writeTemp(dir, 'me.txt', msg('Oct 03, 2026  9:14:00 PM', 'Me', 'hello?')), IMESSAGE];
    const { summary } = await runImport({ files, out: join(dir, 'o.jsonl'), env, format: 'imessage' }, quietIo());
    expect(readRejects(summary.rejects_file).map((x) => [x.file, x.line ?? x.offset, x.reason.slice(0, 30)])).toEqual([
      [files[0], 0, 'empty file'],
      [files[1], 3, 'binary file, not a text export'],
      [files[2], 1, 'only the bot ("Me") wrote in t'],
    ]);
    expect(summary.messages).toBe(6);
  });

  it('a group chat (two handles besides Me) is skipped unless --groups', async () => {
    const text = msg('Oct 03, 2026  9:14:00 PM', '+32470000103', 'a') + msg('Oct 03, 2026  9:15:00 PM', '+32470000104', 'b') + msg('Oct 03, 2026  9:16:00 PM', 'Me', 'c');
    const skipped = await imported('g.txt', text);
    expect(skipped.r.summary).toMatchObject({ messages: 0, skipped_by: { group: 3 } });
    const kept = await imported('g.txt', text, { groups: true });
    expect(kept.r.summary).toMatchObject({ messages: 3, counterparts: 1 });
  });
});

describe('Telegram Desktop result.json', () => {
  it('the sample: a personal chat names the dealer, so no --me is needed; pieces of text joined, a photo as mms, a call, a pin skipped', async () => {
    expect(await detectFormat(TELEGRAM)).toEqual({ format: 'telegram' });
    const dir = tempDir();
    const r = await runImport({ files: [TELEGRAM], out: join(dir, 'o.jsonl'), env }, quietIo());
    expect(r.summary).toMatchObject({ messages: 5, calls: 1, rejected: 0, skipped_by: { system: 1 }, in: 4, out: 2 });
    expect(r.events.map((e) => [e.direction, e.kind, e.text, e.ts])).toEqual([
      ['in', 'sms', 'Nieuwe lading ❄️ beste kwaliteit, 24/7 levering', '2026-10-03T21:14:00.000Z'],
      ['out', 'sms', 'hoeveel voor 3?', '2026-10-03T21:20:00.000Z'],
      ['in', 'sms', '3 voor 150, vandaag alleen', '2026-10-03T21:22:00.000Z'],
      ['in', 'mms', '[photo]\nmenu', '2026-10-03T21:25:00.000Z'],
      ['in', 'call', '', '2026-10-04T11:00:00.000Z'],
      ['out', 'sms', 'ok, aan het station om 8?', '2026-10-04T11:10:00.000Z'],
    ]);
    expect(r.events[4]!.duration_s).toBe(45);
    expect(readFileSync(join(dir, 'o.jsonl'), 'utf8')).not.toContain('Snow');
  });

  it('reads the same in chunks of any size (keys, strings and objects cut by a chunk end)', async () => {
    const { importTelegram } = await import('./telegram.js');
    const { collect } = await import('./test-files.js');
    const whole = await collect(importTelegram(TELEGRAM));
    expect(whole.filter((x) => x.type === 'record')).toHaveLength(6);
    for (const chunkSize of [1, 3, 7, 64]) expect(await collect(importTelegram(TELEGRAM, { chunkSize })), String(chunkSize)).toEqual(whole);
  });

  it('cut short: the messages before the cut are read and the cut message is a reject at its line', async () => {
    const text = readFileSync(TELEGRAM, 'utf8');
    const at = text.indexOf('"id": 4');
    const { f, r, rejects } = await imported('cut.json', text.slice(0, at + 40));
    expect(r.events.map((e) => e.text)).toEqual(['Nieuwe lading ❄️ beste kwaliteit, 24/7 levering', 'hoeveel voor 3?', '3 voor 150, vandaag alleen']);
    expect(rejects).toEqual([{ file: f, line: 34, reason: 'file cut short inside this message' }]);
  });

  it('a damaged message, a bad date, a date before 2000, a huge text and another encoding cost themselves only', async () => {
    const m = (id: number, body: string) => `  {"id": ${id}, "type": "message", ${body}, "from": "Snow", "from_id": "user1"}`;
    const json = [
      '{"name": "Snow", "type": "personal_chat", "id": 1, "messages": [',
      m(1, '"date_unixtime": "1791062040", "text": "a"') + ',',
      m(2, '"date_unixtime": "1791062100", "text": "broken \\x"') + ',',
      m(3, '"date": "yesterday", "text": "c"') + ',',
      m(4, '"date_unixtime": "631152000", "text": "1990"') + ',',
      m(5, `"date_unixtime": "1791062160", "text": "${'x'.repeat(70_000)}"`) + ',',
      m(6, '"date_unixtime": "1791062220", "text": "f"') + ',',
      m(7, '"date_unixtime": "1791062280", "text": "caf\u0001"') + ',',
      m(8, '"date_unixtime": "1791062340", "text": "h"'),
      ']}',
    ].join('\n');
    // message 7 written in Windows-1252: a byte that is no UTF-8
    const bytes = Buffer.from(json);
    bytes[bytes.indexOf('caf\u0001') + 3] = 0xe9;
    const { f, r, rejects } = await imported('result.json', bytes);
    expect(r.events.map((e) => e.text)).toEqual(['a', 'f', 'h']);
    expect(rejects.map((x) => [x.file, x.line, x.reason.slice(0, 30)])).toEqual([
      [f, 3, 'damaged message: Bad escaped c'],
      [f, 4, 'message without a readable dat'],
      [f, 5, 'date 1990-01-01T00:00:00.000Z '],
      [f, 6, 'message of 70000 characters, m'],
      [f, 8, 'text is not valid UTF-8 (a fil'],
    ]);
  });

  it('an account export: each personal chat by its name, groups skipped unless --groups, saved messages skipped', async () => {
    const chat = (name: string, type: string, from: string[]) =>
      `{"name": "${name}", "type": "${type}", "id": 1, "messages": [${from.map((f, i) => `{"id": ${i}, "type": "message", "date_unixtime": "${1791062040 + i * 60}", "from": "${f}", "from_id": "u", "text": "t${i}"}`).join(',')}]}`;
    const json = `{"about": "export", "personal_information": {"user_id": 9}, "chats": {"about": "", "list": [${chat('Snow', 'personal_chat', ['Snow', 'Me'])}, ${chat('Deals', 'private_group', ['A', 'B', 'Me'])}, ${chat('Saved', 'saved_messages', ['Me'])}]}}`;
    const { r } = await imported('result.json', json);
    expect(r.summary).toMatchObject({ messages: 2, skipped_by: { group: 3, 'saved messages': 1 } });
    const g = await imported('result.json', json, { groups: true, me: 'Me' });
    expect(g.r.summary).toMatchObject({ messages: 5, counterparts: 2 });
  });

  it('empty, binary and not-Telegram JSON: one reject each, saying what it is', async () => {
    const dir = tempDir();
    const files = [writeTemp(dir, 'e.json', ''), writeTemp(dir, 'b.json', Buffer.from([0x7b, 0, 1, 2, 3, 4])), writeTemp(dir, 'x.json', '{"rows": []}'), TELEGRAM];
    const { summary } = await runImport({ files, out: join(dir, 'o.jsonl'), env, format: 'telegram' }, quietIo());
    expect(readRejects(summary.rejects_file).map((x) => [x.file, x.reason.slice(0, 30)])).toEqual([
      [files[0], 'empty file'],
      [files[1], 'binary file, not a text export'],
      [files[2], 'no "messages" list: not a Tele'],
    ]);
  });
});

describe('mixed formats in one import', () => {
  it('every file by its own importer, the unreadable one rejected, no raw number anywhere', async () => {
    const dir = tempDir();
    const files = [
      IMESSAGE,
      TELEGRAM,
      packagePath('data', 'corpus', 'whatsapp-android-nl.txt'),
      packagePath('data', 'corpus', 'sms-backup.xml'),
      packagePath('data', 'corpus', 'twilio-messages.csv'),
      writeTemp(dir, 'photo.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1])),
    ];
    const { summary } = await runImport({ files, out: join(dir, 'o.jsonl'), env, me: 'Tom' }, quietIo());
    // --me names the WhatsApp bot, who wrote in neither of the other chats: one reject each
    const rej = readRejects(summary.rejects_file);
    expect(rej.map((x) => [x.file, x.reason.slice(0, 20)])).toEqual([
      [IMESSAGE, '--me "Tom" wrote not'],
      [TELEGRAM, '--me "Tom" wrote not'],
      [files[5], 'binary file, not a t'],
    ]);
    expect(summary.messages).toBeGreaterThan(100);
    const out = readFileSync(join(dir, 'o.jsonl'), 'utf8');
    expect(out).not.toMatch(/\+?(?:32|0)\s?470\s?00\s?01\s?0\d|7700 ?900\d{3}/);
  });
});

// The foundation issue's list of bad inputs (issue 2, "Bad input") for the chat importers, on
// the corpus samples: a UTF-8 BOM with Windows line ends (CRLF), what a Windows copy of an
// export looks like, reads the same events; the same export given twice (two downloads of one
// chat) adds none. The zip is covered in whatsapp.test.ts (a BOM inside the zip is the same text).
describe('chat exports with a BOM and CRLF, and given twice', () => {
  const samples: [string, string, Record<string, unknown>][] = [
    ['imessage-exporter txt', IMESSAGE, {}],
    ['Telegram result.json', TELEGRAM, {}],
    ['WhatsApp Android nl', packagePath('data', 'corpus', 'whatsapp-android-nl.txt'), { me: 'Tom' }],
  ];
  const withoutSource = (events: readonly { source?: string }[]) => events.map(({ source: _s, ...e }) => e);
  it.each(samples)('%s', async (_name, file, extra) => {
    const plain = readFileSync(file);
    const windows = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(plain.toString('utf8').replace(/\r?\n/g, '\r\n'))]);
    const dir = tempDir();
    const out = (n: string) => join(dir, n);
    const a = await runImport({ files: [file], out: out('a.jsonl'), env, ...extra }, quietIo());
    const w = writeTemp(dir, `windows${file.slice(file.lastIndexOf('.'))}`, windows);
    expect(await detectFormat(w)).toEqual(await detectFormat(file));
    const b = await runImport({ files: [w], out: out('b.jsonl'), env, ...extra }, quietIo());
    const c = await runImport({ files: [file, file], out: out('c.jsonl'), env, ...extra }, quietIo());
    expect(a.summary.rejected).toBe(0);
    expect(a.summary.messages).toBeGreaterThan(0);
    for (const r of [b, c]) {
      expect(r.summary).toMatchObject({ rejected: 0, messages: a.summary.messages, calls: a.summary.calls, conversations: a.summary.conversations });
      expect(withoutSource(r.events)).toEqual(withoutSource(a.events));
    }
    expect(b.events.every((e) => !e.text.includes('\r') && !e.text.includes('\uFEFF'))).toBe(true);
    expect(c.summary.duplicates).toBe(a.events.length);
  });
});
