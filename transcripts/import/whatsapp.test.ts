// WhatsApp "Export chat". The line styles, as read in public parsers of these exports:
// iOS `[dd/mm/yyyy, hh:mm:ss] Name: text` with notices and media lines marked by U+200E ("image
// omitted", `<attached: …>`) and U+202F before AM/PM (a WhatsApp2PDF chat parser's comments),
// Finnish iOS `[12.3.2022 klo 14.08.18]` (a _chat.txt format note), names wrapped in U+202A/U+202C
// (realyuvishere/whatsapp-group-chat-analyzer-and-visualizer, main.py); Android
// `dd/mm/yyyy, hh:mm - Name: text` with `<Media omitted>` and system lines without a sender
// ("Messages to this chat and calls are now secured with end-to-end encryption", "X changed the
// subject", "X added Y": AbhijeetKrishnan/whatsapp-parser, README); both kinds of export,
// `_chat.txt` in the zip (starkdmi/whats_json, README). The nl (`dd-mm-yyyy hh:mm`, "<Media
// weggelaten>") and fr (`à`) variants follow the same pattern. The samples in data/corpus/ are
// written by hand.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../lib/console.js';
import { packagePath } from '../../lib/package-root.js';
import { Pseudonymizer } from '../pseudonym.js';
import { detectFormat } from './detect.js';
import { runImport } from './run.js';
import { tempDir, writeTemp } from './test-files.js';
import { resolveDateOrder } from './whatsapp.js';

const env = { DEALERBOT_KEY: 'test-key' };
const ANDROID = packagePath('data', 'corpus', 'whatsapp-android-nl.txt');
const IOS_ZIP = packagePath('data', 'corpus', 'whatsapp-ios-en.zip');
function quietIo(): Io & { err: string[] } {
  const err: string[] = [];
  const w = { write: (s: string) => (err.push(s), true) } as unknown as NodeJS.WritableStream;
  return { stdout: w as never, stderr: w as never, err };
}
type RejectLine = { file: string; line: number | null; reason: string; offset?: number; records?: number };
const readRejects = (f: string | null): RejectLine[] => (f ? readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as RejectLine) : []);
const p = new Pseudonymizer(Buffer.from('test-key'), 'BE');

describe('WhatsApp samples', () => {
  it('Android, nl: the dealer written as a number meets the same pseudonym as in an SMS backup; notices skipped, media and a missed call kept', async () => {
    const dir = tempDir();
    expect(await detectFormat(ANDROID)).toEqual({ format: 'whatsapp' });
    const r = await runImport({ files: [ANDROID], out: join(dir, 'o.jsonl'), env, me: 'Tom' }, quietIo());
    expect(r.summary).toMatchObject({ messages: 12, calls: 1, rejected: 0, skipped: 2, skipped_by: { system: 2 }, conversations: 2, counterparts: 1, in: 9, out: 4 });
    expect(new Set(r.events.map((e) => e.counterpart))).toEqual(new Set([p.ofE164('+32470000101')]));
    expect(r.events.find((e) => e.kind === 'mms')!.text).toBe('[media omitted]');
    expect(r.events.find((e) => e.text.startsWith('5g 250'))).toMatchObject({ text: '5g 250, 10g 450\nVandaag alleen', direction: 'in', ts: '2026-10-03T19:23:00.000Z' });
    expect(r.events.find((e) => e.kind === 'call')).toMatchObject({ duration_s: 0, direction: 'in' });
    expect(r.summary.notes).toEqual([expect.stringMatching(/dates read day first \(15\/10\/2026 has a day above 12\)/)]);
    const out = readFileSync(join(dir, 'o.jsonl'), 'utf8');
    expect(out).not.toMatch(/470 ?00 ?01 ?01|470000101/);
  });

  it('iOS zip with _chat.txt and a photo: month first from the data, 12-hour clock, an edited mark dropped', async () => {
    const dir = tempDir();
    expect(await detectFormat(IOS_ZIP)).toEqual({ format: 'whatsapp' });
    const r = await runImport({ files: [IOS_ZIP], out: join(dir, 'o.jsonl'), env, me: 'sam' }, quietIo());
    expect(r.summary).toMatchObject({ messages: 8, rejected: 0, skipped_by: { system: 1 }, in: 5, out: 3 });
    expect(r.events[0]).toMatchObject({ ts: '2026-10-03T19:14:05.000Z', text: 'New stock in 🔥 coke and weed, best in town\nDelivery all over Antwerp', direction: 'in', source: 'whatsapp:whatsapp-ios-en.zip' });
    expect(r.events.at(-1)).toMatchObject({ ts: '2026-10-13T20:07:00.000Z', text: 'sorry bus was late', direction: 'out' });
    expect(r.events.filter((e) => e.kind === 'mms').map((e) => e.text)).toEqual(['[media omitted]']);
  });
});

describe('chunk boundaries', () => {
  it('reads the same in chunks of any size, from a .txt and from the zip', async () => {
    const { importWhatsapp } = await import('./whatsapp.js');
    const { collect } = await import('./test-files.js');
    for (const f of [ANDROID, IOS_ZIP]) {
      const whole = await collect(importWhatsapp(f, { me: f === ANDROID ? 'Tom' : 'Sam' }));
      expect(whole.filter((x) => x.type === 'record').length).toBeGreaterThan(7);
      for (const chunkSize of [1, 3, 7, 64]) expect(await collect(importWhatsapp(f, { chunkSize, me: f === ANDROID ? 'Tom' : 'Sam' })), `${f} ${chunkSize}`).toEqual(whole);
    }
  });
});

describe('a chat named after a number', () => {
  it('Android names the export after the contact: the number leaves in no file name, source or reject', async () => {
    const dir = tempDir();
    const f = writeTemp(dir, 'WhatsApp Chat with +32 470 00 01 05.txt', '03/10/2026, 21:14 - +32 470 00 01 05: coke 60\n03/10/2026, 21:15 - Tom: ok\n31/02/2026, 21:16 - Tom: bad date\n');
    const r = await runImport({ files: [f], out: join(dir, 'o.jsonl'), env, me: 'Tom' }, quietIo());
    const written = readFileSync(join(dir, 'o.jsonl'), 'utf8') + readFileSync(r.summary.rejects_file!, 'utf8') + r.summary.notes.join('\n');
    expect(r.summary.messages).toBe(2);
    expect(written).not.toMatch(/470 ?00 ?01 ?05|470000105/);
  });
});

describe('WhatsApp line styles', () => {
  // one dealer message and one reply, 3 October 2026 21:14 (Brussels, CEST) in each style
  const styles: [string, string, string][] = [
    ['iOS en-GB', '[03/10/2026, 21:14:00] Dealer: coke 60', '[03/10/2026, 21:15:00] Me: ok'],
    ['iOS nl', '[03-10-2026 21:14:00] Dealer: coke 60', '[03-10-2026 21:15:00] Me: ok'],
    ['Android en-GB', '03/10/2026, 21:14 - Dealer: coke 60', '03/10/2026, 21:15 - Me: ok'],
    ['Android nl', '03-10-2026 21:14 - Dealer: coke 60', '03-10-2026 21:15 - Me: ok'],
    ['Android fr', '03/10/2026 à 21:14 - Dealer: coke 60', '03/10/2026 à 21:15 - Me: ok'],
    ['Android fr, no "à"', '03/10/2026 21:14 - Dealer: coke 60', '03/10/2026 21:15 - Me: ok'],
    ['iOS fr', '[03/10/2026 21:14:00] Dealer: coke 60', '[03/10/2026 21:15:00] Me: ok'],
    ['iOS fr with "à"', '[03/10/2026 à 21:14:00] Dealer: coke 60', '[03/10/2026 à 21:15:00] Me: ok'],
    ['Android de', '03.10.26, 21:14 - Dealer: coke 60', '03.10.26, 21:15 - Me: ok'],
    ['Android en-US', '10/3/26, 9:14\u202fPM - Dealer: coke 60', '10/13/26, 9:15\u202fPM - Me: ok'],
    ['iOS en-US', '[10/3/26, 9:14:00 PM] Dealer: coke 60', '[10/13/26, 9:15:00 PM] Me: ok'],
    ['iOS fi', '[3.10.2026 klo 21.14.00] Dealer: coke 60', '[3.10.2026 klo 21.15.00] Me: ok'],
    ['Android, a name in direction marks', '03/10/2026, 21:14 - \u202aDealer\u202c: coke 60', '03/10/2026, 21:15 - Me: ok'],
    ['iOS, CRLF and a marked notice first', '\u200e[03/10/2026, 21:13:00] Dealer: \u200eMessages and calls are end-to-end encrypted.\r\n[03/10/2026, 21:14:00] Dealer: coke 60\r', '[03/10/2026, 21:15:00] Me: ok\r'],
  ];
  it.each(styles)('%s', async (_name, a, b) => {
    const dir = tempDir();
    const f = writeTemp(dir, 'chat.txt', `${a}\n${b}\n`);
    expect(await detectFormat(f)).toEqual({ format: 'whatsapp' });
    const r = await runImport({ files: [f], out: join(dir, 'o.jsonl'), env, me: 'Me' }, quietIo());
    expect(r.summary.rejected).toBe(0);
    expect(r.events[0]).toMatchObject({ ts: '2026-10-03T19:14:00.000Z', text: 'coke 60', direction: 'in' });
    expect(r.events[1]!.direction).toBe('out');
  });

  it('fr: the encryption notice and a deleted message are skipped, "<Médias omis>" and "image absente" kept as media', async () => {
    const dir = tempDir();
    const chat = [
      '03/10/2026 à 21:13 - Les messages et les appels sont chiffrés de bout en bout.',
      '03/10/2026 à 21:14 - Dealer: coke 60',
      '03/10/2026 à 21:15 - Dealer: <Médias omis>',
      '03/10/2026 à 21:16 - Dealer: Ce message a été supprimé',
      '03/10/2026 à 21:17 - Me: ok',
    ].join('\n');
    const ios = '[03/10/2026 21:18:00] Dealer: \u200eimage absente\n[03/10/2026 21:19:00] Me: ok';
    for (const [name, text, media] of [['android.txt', chat, 1], ['ios.txt', ios, 1]] as const) {
      const f = writeTemp(dir, name, `${text}\n`);
      const r = await runImport({ files: [f], out: join(dir, `${name}.jsonl`), env, me: 'Me' }, quietIo());
      expect(r.summary.rejected, name).toBe(0);
      expect(r.events.filter((e) => e.kind === 'mms').map((e) => e.text), name).toEqual(Array(media).fill('[media omitted]'));
      if (name === 'android.txt') expect(r.events.map((e) => e.text)).toEqual(['coke 60', '[media omitted]', 'ok']);
    }
  });

  it('--tz reads the clock in another zone', async () => {
    const dir = tempDir();
    const f = writeTemp(dir, 'chat.txt', '03/10/2026, 21:14 - Dealer: coke 60\n');
    const r = await runImport({ files: [f], out: join(dir, 'o.jsonl'), env, tz: 'UTC' }, quietIo());
    expect(r.events[0]!.ts).toBe('2026-10-03T21:14:00.000Z');
  });
});

describe('day and month order', () => {
  it('a day above 12 decides; else the order that keeps the export in time order; else day first, said', () => {
    expect(resolveDateOrder([['03', '10', '2026'], ['15', '10', '2026']]).order).toBe('dmy');
    expect(resolveDateOrder([['10', '3', '26'], ['10', '13', '26']]).order).toBe('mdy');
    // 01/02 … 12/02 then 01/03: in time order only as day/month (1 Feb … 12 Feb, 1 Mar)
    const dm = [...Array.from({ length: 12 }, (_, i) => [String(i + 1), '2', '2026']), ['1', '3', '2026']];
    expect(resolveDateOrder(dm)).toMatchObject({ order: 'dmy', why: expect.stringMatching(/out of time order/) });
    // 2/1 … 2/12 then 3/1: in time order only as month/day
    const md = [...Array.from({ length: 12 }, (_, i) => ['2', String(i + 1), '2026']), ['3', '1', '2026']];
    expect(resolveDateOrder(md).order).toBe('mdy');
    expect(resolveDateOrder([['05', '05', '2026']])).toMatchObject({ order: 'dmy', why: expect.stringMatching(/cannot tell.*--date-order mdy/) });
  });

  it('--date-order overrides the data, and a date that cannot be in that order is a reject with its line', async () => {
    const dir = tempDir();
    const f = writeTemp(dir, 'chat.txt', '02/03/2026, 21:14 - Dealer: a\n02/13/2026, 21:15 - Dealer: b\n');
    const r = await runImport({ files: [f], out: join(dir, 'o.jsonl'), env, dateOrder: 'dmy' }, quietIo());
    expect(r.events.map((e) => e.ts)).toEqual(['2026-03-02T20:14:00.000Z']);
    expect(readRejects(r.summary.rejects_file)).toEqual([{ file: f, line: 2, reason: 'not a date in the order dmy: "02/13/2026 21:15" (--date-order)' }]);
    expect(r.summary.notes).toEqual([]);
  });
});

describe('who is the bot, and groups', () => {
  const chat = '03/10/2026, 21:14 - Dealer: coke 60\n03/10/2026, 21:15 - Tom: hoeveel?\n03/10/2026, 21:16 - Dealer: 2 voor 110\n';
  it('without --me two participants are one reject for the chat, naming them; a --me that wrote nothing too', async () => {
    const dir = tempDir();
    const f = writeTemp(dir, 'chat.txt', chat);
    await expect(runImport({ files: [f], out: join(dir, 'o.jsonl'), env }, quietIo())).rejects.toThrow(/chat\.txt:1-3: which participant is the bot\? give --me NAME \(participants: "Dealer", "Tom"\): 3 messages not read/);
    await expect(runImport({ files: [f], out: join(dir, 'o.jsonl'), env, me: 'Jan' }, quietIo())).rejects.toThrow(/--me "Jan" wrote nothing in this chat/);
    const ok = await runImport({ files: [f], out: join(dir, 'o.jsonl'), env, me: ' tom ' }, quietIo());
    expect(ok.events.map((e) => e.direction)).toEqual(['in', 'out', 'in']);
    // a dealer known by name is pseudonymised as a name, never written out
    expect(readFileSync(join(dir, 'o.jsonl'), 'utf8')).not.toContain('Dealer');
  });

  it('a group chat is skipped with a count, and kept as one counterpart with --groups', async () => {
    const dir = tempDir();
    const f = writeTemp(dir, 'group.txt', chat + '03/10/2026, 21:17 - +32 470 00 01 02: ik ook\n');
    const skipped = await runImport({ files: [f, ANDROID], out: join(dir, 'a.jsonl'), env, me: 'Tom' }, quietIo());
    expect(skipped.summary.skipped_by).toEqual({ group: 4, system: 2 });
    const kept = await runImport({ files: [f], out: join(dir, 'b.jsonl'), env, me: 'Tom', groups: true }, quietIo());
    expect(kept.summary).toMatchObject({ messages: 4, counterparts: 1 });
    expect(readFileSync(join(dir, 'b.jsonl'), 'utf8')).not.toMatch(/470 00 01 02|470000102/);
  });
});

describe('damaged WhatsApp exports: every reject names file, line and reason; the rest is read', () => {
  const good = (n: number) => `03/10/2026, 21:${String(10 + n).padStart(2, '0')} - Dealer: bericht ${n}`;
  const lines = (...ls: string[]) => ls.join('\n') + '\n';
  async function imported(name: string, content: string | Buffer, extra: Record<string, unknown> = {}) {
    const dir = tempDir();
    const f = writeTemp(dir, name, content);
    const r = await runImport({ files: [f], out: join(dir, 'o.jsonl'), env, format: 'whatsapp', ...extra }, quietIo());
    return { f, r, rejects: readRejects(r.summary.rejects_file) };
  }

  it('a file cut short in the middle of a message keeps every message, the last one as far as it goes', async () => {
    const whole = lines(good(1), good(2), good(3));
    const { r } = await imported('cut.txt', whole.slice(0, whole.length - 6));
    expect(r.events.map((e) => e.text)).toEqual(['bericht 1', 'bericht 2', 'beri']);
  });

  it('a zip cut short is one reject for the file (its central directory is at the end)', async () => {
    const zip = readFileSync(IOS_ZIP);
    const dir = tempDir();
    const f = writeTemp(dir, 'cut.zip', zip.subarray(0, zip.length - 30));
    const r = runImport({ files: [f, ANDROID], out: join(dir, 'o.jsonl'), env, me: 'Tom' }, quietIo());
    const { summary } = await r;
    const rej = readRejects(summary.rejects_file);
    expect(rej).toEqual([{ file: f, line: null, offset: 0, reason: expect.stringMatching(/^damaged zip file \(/) }]);
    expect(summary.messages).toBe(12);
  });

  it('a zip without a chat says what it holds', async () => {
    const dir = tempDir();
    // a stored (uncompressed) zip of one file, written out by hand
    const name = Buffer.from('photo.jpg');
    const data = Buffer.from('not a picture');
    const { crc32 } = await import('node:zlib');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0), local.writeUInt16LE(20, 4), local.writeUInt32LE(crc, 14), local.writeUInt32LE(data.length, 18), local.writeUInt32LE(data.length, 22), local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0), central.writeUInt16LE(20, 4), central.writeUInt16LE(20, 6), central.writeUInt32LE(crc, 16), central.writeUInt32LE(data.length, 20), central.writeUInt32LE(data.length, 24), central.writeUInt16LE(name.length, 28);
    const cdStart = local.length + name.length + data.length;
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0), end.writeUInt16LE(1, 8), end.writeUInt16LE(1, 10), end.writeUInt32LE(central.length + name.length, 12), end.writeUInt32LE(cdStart, 16);
    const f = writeTemp(dir, 'media.zip', Buffer.concat([local, name, data, central, name, end]));
    await expect(runImport({ files: [f], out: join(dir, 'o.jsonl'), env }, quietIo())).rejects.toThrow(/a zip without a WhatsApp chat .* \(it holds photo\.jpg\)/);
  });

  it('text in another encoding (Windows-1252): those messages are rejects, the others are read', async () => {
    const latin1 = Buffer.concat([Buffer.from(lines(good(1)) + '03/10/2026, 21:12 - Dealer: caf'), Buffer.from([0xe9]), Buffer.from(' om 8\n' + lines(good(3)))]);
    const { f, r, rejects } = await imported('enc.txt', latin1);
    expect(r.events.map((e) => e.text)).toEqual(['bericht 1', 'bericht 3']);
    expect(rejects).toEqual([{ file: f, line: 2, reason: expect.stringMatching(/^text is not valid UTF-8/) }]);
  });

  it('a binary file and an empty file: one reject each with an offset', async () => {
    const dir = tempDir();
    const bin = writeTemp(dir, 'b.txt', Buffer.from([0x30, 0x33, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    const empty = writeTemp(dir, 'e.txt', '');
    const { summary } = await runImport({ files: [bin, empty, ANDROID], out: join(dir, 'o.jsonl'), env, me: 'Tom', format: 'whatsapp' }, quietIo());
    expect(readRejects(summary.rejects_file)).toEqual([
      { file: bin, line: null, offset: 2, reason: 'binary file, not a text export (NUL byte)' },
      { file: empty, line: null, offset: 0, reason: 'empty file' },
    ]);
    expect(summary.messages).toBe(12);
  });

  it('a huge line (a lost line break over 70,000 characters) is one reject; the messages after it are read', async () => {
    const { f, r, rejects } = await imported('huge.txt', lines(good(1), `03/10/2026, 21:12 - Dealer: ${'x'.repeat(70_000)}`, good(3)));
    expect(r.events.map((e) => e.text)).toEqual(['bericht 1', 'bericht 3']);
    expect(rejects).toEqual([{ file: f, line: 2, reason: expect.stringMatching(/^message of 70000 characters, more than a chat app sends/) }]);
  });

  it('mixed styles and stray lines: iOS and Android lines both read, a line before any message rejected', async () => {
    const { f, r, rejects } = await imported('mixed.txt', lines('Chat export of some phone', good(1), '[03/10/2026, 21:12:00] Dealer: ios style', good(3)));
    expect(r.events.map((e) => e.text)).toEqual(['bericht 1', 'ios style', 'bericht 3']);
    expect(rejects).toEqual([{ file: f, line: 1, reason: expect.stringMatching(/^not a WhatsApp message line/) }]);
  });

  it('bad dates: 31 February, hour 25, a year before 2000 are rejects with their lines', async () => {
    const { f, r, rejects } = await imported('dates.txt', lines(good(1), '31/02/2026, 21:12 - Dealer: a', '15/10/2026, 25:12 - Dealer: b', '15/10/1999, 21:12 - Dealer: c', good(5)));
    expect(r.events.map((e) => e.text)).toEqual(['bericht 1', 'bericht 5']);
    expect(rejects.map((x) => [x.file, x.line, x.reason])).toEqual([
      [f, 2, 'not a date in the order dmy: "31/02/2026 21:12"'],
      [f, 3, 'not a date in the order dmy: "15/10/2026 25:12"'],
      [f, 4, 'date 15/10/1999 21:12 is before 2000: not a date a chat was written'],
    ]);
  });

  it('a file of other text given as --format whatsapp: one reject per stray line, and none swallowed', async () => {
    const dir = tempDir();
    const f = writeTemp(dir, 'notes.txt', lines('hello', 'world'));
    await expect(runImport({ files: [f], out: join(dir, 'o.jsonl'), env, format: 'whatsapp' }, quietIo())).rejects.toThrow(/notes\.txt:1: not a WhatsApp message line .*nothing imported \(2 reject/);
    expect(readRejects(join(dir, 'o.rejects.jsonl')).map((x) => x.line)).toEqual([1, 2]);
  });
});
