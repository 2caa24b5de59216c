import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileSha256 } from './file-sha256.js';

describe('fileSha256', () => {
  it('is the sha256 of the bytes, also for a file larger than one stream chunk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sha-'));
    const bytes = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7) % 256));
    writeFileSync(join(dir, 'f'), bytes);
    expect(await fileSha256(join(dir, 'f'))).toBe(createHash('sha256').update(bytes).digest('hex'));
    writeFileSync(join(dir, 'empty'), '');
    expect(await fileSha256(join(dir, 'empty'))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    await expect(fileSha256(join(dir, 'missing'))).rejects.toThrow(/ENOENT/);
  });
});
