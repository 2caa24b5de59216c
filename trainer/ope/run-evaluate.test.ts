// The evaluate command end to end on simulator logs, and its flag handling (the estimators
// themselves: evaluate.test.ts and the known answers).
import { appendFile, copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../lib/errors.js';
import { captureIo } from '../../lib/test-fixtures/capture-io.js';
import { runSimulate } from '../sim/run-simulate.js';
import { runTrain } from '../train/run-train.js';
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

  it('replies reported undelivered or failed (transcript 1.3) are counted in left_out and said on stderr, with how unknown ones count', async () => {
    // the same logs, with every fifth sent reply marked as its gateway would report it
    const lines = (await readFile(logs, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    let replies = 0;
    let marked = 0;
    for (const e of lines) {
      if (e.direction !== 'out' || e.kind !== 'sms') continue;
      if (replies++ % 5 === 0) e.delivery = marked++ % 2 ? 'failed' : 'undelivered';
      else if (replies % 5 === 1) e.delivery = 'delivered';
    }
    const markedFile = join(dir, 'marked.jsonl');
    await writeFile(markedFile, lines.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const { io, out } = captureIo();
    const r = await runEvaluate({ policy: 'heuristic', epsilon: 0.3, data: markedFile, json: true }, io);
    expect(marked).toBeGreaterThan(10);
    expect(r.left_out.undelivered).toBe(marked);
    expect(out.stderr).toContain(`evaluate: ${marked} replies reported undelivered or failed are no decisions (their minutes go to the decision before); replies without a delivery report count as sent`);
    const plain = await runEvaluate({ policy: 'heuristic', epsilon: 0.3, data: logs, json: true }, captureIo().io);
    expect(plain.left_out.undelivered).toBe(0);
  });

  it('another baseline: weights move away from 1, and --sim reports its on-policy value', async () => {
    const { io, out } = captureIo();
    const r = await runEvaluate({ policy: 'random', data: logs, sim: true, episodes: 100 }, io);
    expect(r.ess).toBeLessThan(150);
    expect(r.sim?.episodes).toBe(100);
    expect(out.stdout).toMatch(/simulator truth \(100 conversations, default\): \d+\.\d\d/);
  });
});

describe('evaluate a bundle on the logs it was trained on', () => {
  let dir: string;
  let logs: string;
  let heldOut: string;
  let bundle: string;
  const evaluate = (model: string, data: string) => runEvaluate({ model, data, fqe: 'linear', fqeInterval: 'bootstrap', resamples: 2, json: true }, captureIo().io);
  const inSampleWarnings = (r: { warnings: string[] }) => r.warnings.filter((w) => /in-sample/.test(w));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dealerbot-in-sample-'));
    logs = join(dir, 'logs.jsonl');
    heldOut = join(dir, 'held-out.jsonl');
    await runSimulate({ policy: 'heuristic', epsilon: 0.3, episodes: 40, seed: 5, log: logs, json: true }, captureIo().io);
    await runSimulate({ policy: 'heuristic', epsilon: 0.3, episodes: 40, seed: 6, log: heldOut, json: true }, captureIo().io);
    bundle = join(dir, 'bc');
    await runTrain({ algo: 'bc', data: logs, steps: 6, seed: 3, out: bundle, runsDir: join(dir, 'runs'), evalEpisodes: 4, reportEpisodes: 6, progress: false }, () => {});
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('training records the data file\'s sha256 in policy.json', async () => {
    const meta = JSON.parse(await readFile(join(bundle, 'policy.json'), 'utf8'));
    expect(meta.training.data).toBe(logs);
    expect(meta.training.data_sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('warns that the evaluation is in-sample, by content (also under another name), and not on held-out logs', async () => {
    const r = await evaluate(bundle, logs);
    expect(r.in_sample).toBe('sha256');
    expect(r.warnings[0]).toMatch(/^in-sample evaluation: the policy was trained on these very logs/);
    expect(r.warnings[0]).toMatch(/optimistic \(biased upwards\).*held-out logs/);
    expect(r.warnings.some((w) => /propensities look wrong/.test(w))).toBe(false);
    const copy = join(dir, 'renamed.jsonl');
    await copyFile(logs, copy);
    expect((await evaluate(bundle, copy)).in_sample).toBe('sha256');
    const other = await evaluate(bundle, heldOut);
    expect(other.in_sample).toBeNull();
    expect(inSampleWarnings(other)).toEqual([]);
  });

  it('a bundle without the sha256 is compared by path; a changed file at that path is named as such', async () => {
    const old = join(dir, 'old-bundle');
    await runTrain({ algo: 'bc', data: logs, steps: 6, seed: 3, out: old, runsDir: join(dir, 'runs'), evalEpisodes: 4, reportEpisodes: 6, progress: false }, () => {});
    const meta = JSON.parse(await readFile(join(old, 'policy.json'), 'utf8'));
    delete meta.training.data_sha256;
    await writeFile(join(old, 'policy.json'), JSON.stringify(meta, null, 2) + '\n');
    const r = await evaluate(old, logs);
    expect(r.in_sample).toBe('path');
    expect(r.warnings[0]).toMatch(/the path is its training data ".*logs\.jsonl" \(policy\.json records no sha256 of it\)/);
    expect((await evaluate(old, join(dir, 'renamed.jsonl'))).in_sample).toBeNull();

    // the file the bundle was trained on grows: same path, other content
    const grown = join(dir, 'grown.jsonl');
    await copyFile(logs, grown);
    const trained = join(dir, 'grown-bundle');
    await runTrain({ algo: 'bc', data: grown, steps: 6, seed: 3, out: trained, runsDir: join(dir, 'runs'), evalEpisodes: 4, reportEpisodes: 6, progress: false }, () => {});
    await appendFile(grown, await readFile(heldOut, 'utf8'));
    const g = await evaluate(trained, grown);
    expect(g.in_sample).toBe('changed');
    expect(inSampleWarnings(g)[0]).toMatch(/content has changed since.*part of this evaluation is in-sample/);
  });
});
