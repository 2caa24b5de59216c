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
});
