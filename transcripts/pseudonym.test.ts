import { createHmac } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Pseudonymizer, resolveKey, toE164 } from './pseudonym.js';
import { tempDir, writeTemp } from './import/test-files.js';

const key = Buffer.from('test-key', 'utf8');

describe('toE164', () => {
  it('makes the three Belgian spellings one number', () => {
    for (const s of ['0470 11 22 33', '+32470112233', '0032470112233', '0470/11.22.33']) expect(toE164(s)).toEqual({ ok: true, value: '+32470112233' });
  });
  it('refuses senders that are not phone numbers with a reason', () => {
    for (const s of ['Proximus', 'INFO', '8989', '', '12']) {
      const r = toE164(s);
      expect(r.ok, s).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/^not a phone number/);
    }
  });
  it('uses the default region for national numbers', () => {
    expect(toE164('06 12345678', 'NL')).toEqual({ ok: true, value: '+31612345678' });
  });
});

describe('Pseudonymizer', () => {
  const p = new Pseudonymizer(key, 'BE');
  it('is p_ + 16 hex of HMAC-SHA256(key, E.164)', () => {
    const expected = 'p_' + createHmac('sha256', key).update('+32470112233').digest('hex').slice(0, 16);
    expect(p.of('0470 11 22 33')).toEqual({ ok: true, value: expected });
    expect(p.of('0032470112233')).toEqual(p.of('+32470112233'));
  });
  it('depends on the key', () => {
    const other = new Pseudonymizer(Buffer.from('other'), 'BE');
    expect(other.of('+32470112233')).not.toEqual(p.of('+32470112233'));
  });
  it('replaces numbers written in a text, leaves dates and prices', () => {
    const cp = p.ofE164('+32470112233');
    const uk = p.ofE164('+447700900123');
    expect(p.redactText('bel me op 0470 11 22 33 of +44 7700 900123')).toBe(`bel me op ${cp} of ${uk}`);
    expect(p.redactText('op 03/10/2026 om 20u, 5g voor 45')).toBe('op 03/10/2026 om 20u, 5g voor 45');
  });
});

describe('resolveKey', () => {
  it('reads --key-file without trailing whitespace, before DEALERBOT_KEY', () => {
    const f = writeTemp(tempDir(), 'k', 'sesame \n\n');
    expect(resolveKey({ keyFile: f, env: { DEALERBOT_KEY: 'env' } }).toString()).toBe('sesame');
    expect(resolveKey({ env: { DEALERBOT_KEY: 'env' }, cwd: tempDir() }).toString()).toBe('env');
  });
  it('creates ./.dealerbot-key once with mode 0600, says where, and reuses it', () => {
    const cwd = tempDir();
    const created: string[] = [];
    let n = 0;
    const src = { env: {}, cwd, newKey: () => `generated-${++n}`, onCreated: (p: string) => created.push(p) };
    expect(resolveKey(src).toString()).toBe('generated-1');
    expect(resolveKey(src).toString()).toBe('generated-1');
    const path = join(cwd, '.dealerbot-key');
    expect(created).toEqual([path]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8').trim()).toBe('generated-1');
  });
});
