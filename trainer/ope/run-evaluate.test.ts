// The evaluate command end to end on simulator logs, and its flag handling (the estimators
// themselves: evaluate.test.ts and the known answers).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../lib/errors.js';
import { captureIo } from '../../lib/test-fixtures/capture-io.js';
import { runSimulate } from '../sim/run-simulate.js';
import { runEvaluate } from './run-evaluate.js';

describe('evaluate flags (their values: lib/flags.test.ts, cli-options.test.ts)', () => {
  it('refuses, before loading anything: influence intervals with the linear model, no target or two, the oracle, ε on a bundle', async () => {
    const cases: [Parameters<typeof runEvaluate>[0], RegExp][] = [
      [{ model: '/nonexistent', data: '/nonexistent', fqe: 'linear', fqeInterval: 'influence' }, /--fqe-interval influence needs --fqe forest/],
      [{ data: '/nonexistent' }, /exactly one of --model DIR .* and --policy NAME/],
      [{ model: 'models/default', policy: 'heuristic', data: '/nonexistent' }, /exactly one of/],
      [{ policy: 'oracle', data: '/nonexistent' }, /hidden dealer state/],
      [{ model: 'models/default', epsilon: 0.1, data: '/nonexistent' }, /--epsilon applies to baselines/],
    ];
    for (const [flags, message] of cases) {
      const e = await runEvaluate(flags, captureIo().io).catch((x: unknown) => x);
      expect(e, String(message)).toBeInstanceOf(UsageError);
      expect((e as Error).message).toMatch(message);
    }
  });
});

describe('evaluate a baseline on simulator logs', () => {
  let dir: string;
  let logs: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dealerbot-evaluate-'));
    logs = join(dir, 'heuristic.jsonl');
    await runSimulate({ policy: 'heuristic', epsilon: 0.3, episodes: 150, seed: 5, log: logs, json: true }, captureIo().io);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('the logging policy itself: replayed histories give back the logged propensities (every weight exactly 1)', async () => {
    const r = await runEvaluate({ policy: 'heuristic', epsilon: 0.3, data: logs, json: true }, captureIo().io);
    expect(r.model).toBe('heuristic (ε 0.3)');
    expect(r.n).toBe(150);
    expect(r.mean_weight).toBeCloseTo(1, 9);
    expect(r.max_weight).toBeCloseTo(1, 9);
    expect(r.ess).toBeCloseTo(150, 6);
    expect(r.estimators.is.value).toBeCloseTo(r.behaviour.value, 9);
  });

  it('another baseline: weights move away from 1, and --sim reports its on-policy value', async () => {
    const { io, out } = captureIo();
    const r = await runEvaluate({ policy: 'random', data: logs, sim: true, episodes: 100 }, io);
    expect(r.ess).toBeLessThan(150);
    expect(r.sim?.episodes).toBe(100);
    expect(out.stdout).toMatch(/simulator truth \(100 conversations, default\): \d+\.\d\d/);
  });
});
