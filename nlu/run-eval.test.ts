import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../lib/errors.js';
import { runNluEval } from './run-eval.js';

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
