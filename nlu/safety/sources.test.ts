import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSafetySet, safetySetPath } from './data.js';
import { groupBySource, loadTrainSources, parseTrainSources } from './sources.js';

describe('train-sources.json', () => {
  it('covers every line of train.jsonl, which has no blank lines (line = index + 1)', () => {
    const lines = readFileSync(safetySetPath('train'), 'utf8').split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1).filter((l) => l.trim() === '')).toEqual([]);
    const groups = groupBySource(loadSafetySet('train'), loadTrainSources());
    expect([...groups.values()].reduce((n, g) => n + g.length, 0)).toBe(lines.length - 1);
  });

  it('refuses a gap, an overlap, a repeated name and a block count that misses lines', () => {
    const b = (first: number, last: number, source: string) => ({ first, last, source, what: '' });
    expect(() => parseTrainSources('s.json', JSON.stringify([b(1, 3, 'a'), b(5, 6, 'b')]))).toThrow(/starts at line 5, expected 4/);
    expect(() => parseTrainSources('s.json', JSON.stringify([b(1, 3, 'a'), b(3, 6, 'b')]))).toThrow(/expected 4/);
    expect(() => parseTrainSources('s.json', JSON.stringify([b(1, 3, 'a'), b(4, 6, 'a')]))).toThrow(/named twice/);
    const ex = { text: 't', lang: 'nl' as const, label: 'ordinary' as const };
    expect(() => groupBySource([ex, ex], parseTrainSources('s.json', JSON.stringify([b(1, 1, 'a')])))).toThrow(/covers 1 lines/);
    expect(groupBySource([ex, { ...ex, text: 'u' }], parseTrainSources('s.json', JSON.stringify([b(1, 1, 'a'), b(2, 2, 'b')]))).get('b')).toEqual([{ ...ex, text: 'u' }]);
  });
});
