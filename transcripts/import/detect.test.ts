import { describe, expect, it } from 'vitest';
import { detectFormat, detectFromHead } from './detect.js';
import { tempDir, writeTemp } from './test-files.js';

describe('format detection', () => {
  it('tells the formats apart by content, BOM or not', () => {
    expect(detectFromHead("\uFEFF<?xml version='1.0'?><smses>", 'x.txt').format).toBe('sms-backup');
    expect(detectFromHead('{"conversation":"c"}', 'x').format).toBe('jsonl');
    expect(detectFromHead('From,To,Body,Status,SentDate,ApiVersion,NumSegments,ErrorCode,AccountSid,Sid,Direction,Price,PriceUnit\r\n', 'x.csv').format).toBe('twilio-csv');
    expect(detectFromHead('conversation,counterpart,ts,direction,kind,text\n', 'x.csv').format).toBe('csv');
    expect(detectFromHead('hello,world\n', 'x.csv')).toMatchObject({ format: undefined, reason: expect.stringMatching(/unknown format/) });
  });
  it('calls an empty or binary file what it is', async () => {
    const dir = tempDir();
    expect(await detectFormat(writeTemp(dir, 'e', ''))).toMatchObject({ format: undefined, reason: 'empty file' });
    expect(await detectFormat(writeTemp(dir, 'b', Buffer.from([0x7b, 0x00, 0x01])))).toMatchObject({ format: undefined, offset: 1 });
  });
  it('reads a text export with a stray NUL byte (a damaged copy) as what it is', async () => {
    const dir = tempDir();
    const xml = `<?xml version='1.0'?>\n<smses count="1">\n${'<sms address="+32470112233" date="1" type="1" body="x" />\n'.repeat(20)}</smses>\n`;
    const damaged = Buffer.from(xml.replace('body="x"', 'body="\0"'));
    expect(await detectFormat(writeTemp(dir, 'd.xml', damaged))).toEqual({ format: 'sms-backup' });
    // UTF-16 text is binary to an importer of UTF-8
    expect(await detectFormat(writeTemp(dir, 'u.xml', Buffer.from(xml, 'utf16le')))).toMatchObject({ format: undefined, offset: 1 });
  });
});
