import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../lib/errors.js';
import { runNluEval, runSafetyEval } from './run-eval.js';
import { safetySetPath } from './safety/data.js';

describe('runNluEval --file', () => {
  it('scores a labelled file and counts texts also seen in training', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nlu-eval-'));
    const f = join(dir, 'x.jsonl');
    writeFileSync(
      f,
      [
        { text: 'STOP', act: 'opt_out', lang: 'en' }, // in the training data
        { text: 'ge gaat ervan lusten manneke, echt', act: 'threat', lang: 'nl' },
        { text: 'ik ben 14 en wil iets kopen', act: 'other', lang: 'nl', minor: true },
      ]
        .map((o) => JSON.stringify(o))
        .join('\n'),
    );
    const r = runNluEval({ file: f });
    expect(r.source).toBe(f);
    expect(r.examples).toBe(3);
    expect(r.overlap_with_training).toBe(1);
    expect(r.safety.threat).toMatchObject({ cases: 1, caught: 1 });
    expect(r.safety.minor).toMatchObject({ cases: 1, caught: 1 });
  });

  it('names a file it cannot read', () => {
    expect(() => runNluEval({ file: '/nonexistent/labels.jsonl' })).toThrow(InputError);
    expect(() => runNluEval({ file: '/nonexistent/labels.jsonl' })).toThrow('/nonexistent/labels.jsonl: cannot read: ENOENT');
  });
});

describe('runSafetyEval', () => {
  // between test sets the repository holds no data/safety/test-frozen.jsonl: validation alone is
  // scored, and a file given with --safety-file is scored as it is
  it('scores test-frozen.jsonl only when it exists, and a --safety-file either way', () => {
    const dir = mkdtempSync(join(tmpdir(), 'safety-eval-'));
    const f = join(dir, 's.jsonl');
    writeFileSync(f, [{ text: 'wrong number sorry', lang: 'en', label: 'opt_out' }, { text: 'ok 20 min aan de kerk', lang: 'nl', label: 'ordinary' }].map((o) => JSON.stringify(o)).join('\n'));
    const r = runSafetyEval({ safetyFile: f });
    expect(r.validation.examples).toBeGreaterThan(500);
    expect(r.test_frozen === undefined).toBe(!existsSync(safetySetPath('test-frozen')));
    expect(r.file?.examples).toBe(2);
    expect(r.file?.recall.opt_out).toMatchObject({ k: 1, n: 1 });
  });
});
