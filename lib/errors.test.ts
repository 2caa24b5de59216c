import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic-write.js';
import { IoError, systemErrorLine } from './errors.js';

const dir = mkdtempSync(join(tmpdir(), 'dealerbot-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('system errors in one line', () => {
  it('names the call, the path and the errno in words', () => {
    const e = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: 'ENOSPC', syscall: 'write', path: '/data/out.jsonl' });
    expect(systemErrorLine(e)).toBe('cannot write /data/out.jsonl: no space left on the device (ENOSPC)');
    const sqlite = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    expect(systemErrorLine(sqlite)).toBe('database error: database or disk is full (SQLITE_FULL)');
    expect(systemErrorLine(new Error('plain bug'))).toBeNull();
    expect(systemErrorLine('text')).toBeNull();
  });

  it('an atomic write under a file (not a folder) is an IoError naming the target, and leaves nothing behind', async () => {
    const file = join(dir, 'plain.txt');
    writeFileSync(file, 'x');
    const target = join(file, 'out.jsonl');
    const err = await writeFileAtomic(target, ['a\n']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IoError);
    expect((err as Error).message).toMatch(new RegExp(`^cannot write ${target.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: `));
    expect(readFileSync(file, 'utf8')).toBe('x');
  });
});
