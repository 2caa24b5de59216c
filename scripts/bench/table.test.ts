import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../lib/package-root.js';
import { TABLE_END, TABLE_START, renderTable, replaceTable, rowsFor, type SuiteJson } from './table.js';

const page = readFileSync(packagePath('BENCHMARKS.md'), 'utf8');

describe("BENCHMARKS.md's summary table", () => {
  it('is exactly what the committed bench JSON it names renders to', () => {
    const block = page.slice(page.indexOf(TABLE_START), page.indexOf(TABLE_END) + TABLE_END.length);
    const json = /Generated from \[([^\]]+\.json)\]/.exec(block)?.[1];
    expect(json, 'the block names its JSON').toBeDefined();
    const suite = JSON.parse(readFileSync(join(packagePath(), json!), 'utf8')) as SuiteJson;
    expect(suite.quick, 'a --quick run is a smoke test, not figures').toBe(false);
    expect(block).toBe(renderTable(suite, json!));
  });

  it('marks a missed goal and a failed benchmark as not met', () => {
    const suite: SuiteJson = {
      machine: { node: 'v20', cpus: 2, cpu_model: 'x', memory_gb: 24, load_average_1min: 0.5 },
      quick: false,
      seconds: 1,
      benchmarks: {
        features: { goal: '', seconds: 1, result: { turns: 100, encode_us_per_conversation: 80, encode_final_only_us_per_conversation: 9 } },
        nlu: { goal: 'g', seconds: 1, error: 'boom' },
      },
    };
    const t = renderTable(suite, 'x.json');
    expect(t).toContain('| 80.0 µs (final vector only: 9.0 µs) | < 50 µs | **not met** |');
    expect(t).toContain('| nlu | failed: boom | g | **not met** |');
    expect(rowsFor('features', '', { turns: 100, encode_us_per_conversation: 30 })[0]!.verdict).toBe('met');
  });

  it('replaces only its own block', () => {
    expect(replaceTable(`a\n${TABLE_START}\nold\n${TABLE_END}\nb`, 'NEW')).toBe('a\nNEW\nb');
    expect(() => replaceTable('no block', 'x')).toThrow(/has no/);
  });
});
