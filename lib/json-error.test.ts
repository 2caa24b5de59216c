import { describe, expect, it } from 'vitest';
import { describeJsonError, jsonErrorOffset } from './json-error.js';

describe('JSON errors without quoting the input', () => {
  it('finds no error where JSON.parse finds none', () => {
    for (const s of ['{}', '[]', ' {"a": [1, -2.5e+3, true, false, null, "x\\"y\\u00e9"], "b": {}} ', '0', '"s"', '[[[[]]]]'])
      expect(jsonErrorOffset(s), s).toBeNull();
  });

  it('points at the first character JSON.parse refuses', () => {
    const cases: [string, number][] = [
      ['root:x:0:0:root:/root:/bin/bash', 0],
      ['{"a":1,\n  "b": x}', 15],
      ['{"a": 1,}', 8],
      ['[1 2]', 3],
      ['{"a" 1}', 5],
      ['01', 1],
      ['{"a":', 5],
      ['[', 1],
      ['"abc', 4],
      ['{} x', 3],
      ['tru', 3],
    ];
    for (const [s, at] of cases) {
      expect(() => JSON.parse(s), s).toThrow();
      expect(jsonErrorOffset(s), s).toBe(at);
    }
  });

  it('survives deep nesting', () => {
    expect(jsonErrorOffset('['.repeat(200_000))).toBe(200_000);
  });

  it('describes the place by line and column and never repeats the text', () => {
    const passwd = 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n';
    const d = describeJsonError(passwd);
    expect(d).toBe('JSON parse error at line 1, column 1');
    expect(d).not.toMatch(/root|daemon/);
    expect(describeJsonError('{"a":1,\n  "b": secret}')).toBe('JSON parse error at line 2, column 8');
    expect(describeJsonError('{"a":')).toBe('JSON parse error: the text ends too soon (line 1)');
    expect(describeJsonError('')).toBe('JSON parse error: the file is empty');
    expect(describeJsonError('\u0000\u0001ELF')).toBe('JSON parse error: binary data, not text');
  });
});
