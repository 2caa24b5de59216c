import { describe, expect, it } from 'vitest';
import { cachedByText } from './bounded-cache.js';

describe('cachedByText', () => {
  it('gives what the function gives, and computes a kept text once', () => {
    let calls = 0;
    const f = cachedByText((s) => (calls++, s.length % 3 === 0 ? null : s.toUpperCase()), { capacity: 10, maxKeyLength: 100 });
    for (const s of ['ab', 'abc', 'ab', 'abc', 'x']) expect(f(s)).toBe(s.length % 3 === 0 ? null : s.toUpperCase());
    // 'abc' gives null, and null is kept like any answer
    expect(calls).toBe(3);
  });

  it('keeps at most its capacity, dropping the oldest text', () => {
    let calls = 0;
    const f = cachedByText((s) => (calls++, s), { capacity: 3, maxKeyLength: 100 });
    for (let i = 0; i < 50; i++) {
      f(`t${i}`);
      expect(f.size).toBeLessThanOrEqual(3);
    }
    expect(f.size).toBe(3);
    calls = 0;
    f('t49');
    expect(calls).toBe(0);
    f('t0');
    expect(calls).toBe(1);
  });

  it('computes a text longer than maxKeyLength every time and keeps none', () => {
    let calls = 0;
    const f = cachedByText((s) => (calls++, s.length), { capacity: 3, maxKeyLength: 4 });
    expect(f('12345')).toBe(5);
    expect(f('12345')).toBe(5);
    expect(calls).toBe(2);
    expect(f.size).toBe(0);
  });
});
