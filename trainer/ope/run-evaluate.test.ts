// The evaluate command's flag handling (the estimators themselves: evaluate.test.ts and the known answers).
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../data/errors.js';
import { captureIo } from '../../data/test-fixtures/capture-io.js';
import { parseChoice, runEvaluate } from './run-evaluate.js';

describe('evaluate flags', () => {
  it('--fqe and --fqe-interval accept their choices and name the others', () => {
    expect(parseChoice('fqe', 'linear', ['forest', 'linear'])).toBe('linear');
    expect(() => parseChoice('fqe', 'trees', ['forest', 'linear'])).toThrow('--fqe must be one of forest, linear, got "trees"');
  });

  it('influence intervals with the linear model are refused before anything is loaded', async () => {
    const { io } = captureIo();
    const e = await runEvaluate({ model: '/nonexistent', data: '/nonexistent', fqe: 'linear', fqeInterval: 'influence' }, io).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UsageError);
    expect((e as Error).message).toMatch(/--fqe-interval influence needs --fqe forest/);
  });
});
