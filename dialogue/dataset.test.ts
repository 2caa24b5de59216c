import { describe, expect, it } from 'vitest';
import { devFile, isHeldOut, parseLabelled, readLabelled } from './dataset.js';

describe('labelled extraction files', () => {
  it('reads the dev file: 419 messages d001–d419, in sequence', () => {
    const dev = readLabelled(devFile());
    expect(dev).toHaveLength(419);
    expect(dev.map((m) => m.id)).toEqual(Array.from({ length: 419 }, (_, i) => `d${String(i + 1).padStart(3, '0')}`));
  });

  it.each([
    ['not json', 'not valid JSON'],
    ['{"id":"x","text":"t","lang":"fr","expect":{}}', 'lang'],
    ['{"id":"x","text":"t","lang":"nl","expect":{"products":[]}}', 'expect.products: an empty list'],
    ['{"id":"x","text":"t","lang":"nl","expect":{"products":["cocaine"]}}', 'expect.products.0'],
    ['{"id":"x","text":"t","lang":"nl","expect":{"times":[{"kind":"clock","hour":25,"minute":0}]}}', 'expect.times.0.hour'],
    ['{"id":"x","text":"t","lang":"nl","expect":{},"extra":1}', 'extra'],
  ])('a bad line names file and line: %s', (line, reason) => {
    expect(() => parseLabelled('f.jsonl', `\n${line}\n`)).toThrow(`f.jsonl:2: `);
    expect(() => parseLabelled('f.jsonl', `\n${line}\n`)).toThrow(reason);
  });

  it('refuses a duplicate id', () => {
    const l = '{"id":"x","text":"t","lang":"nl","expect":{}}';
    expect(() => parseLabelled('f.jsonl', `${l}\n${l}`)).toThrow('f.jsonl:2: duplicate id x');
  });

  it('knows the held-out file by path and by name', () => {
    expect(isHeldOut('data/dialogue/extraction-heldout.jsonl')).toBe(true);
    expect(isHeldOut('/tmp/my-heldout-copy.jsonl')).toBe(true);
    expect(isHeldOut(devFile())).toBe(false);
  });
});
