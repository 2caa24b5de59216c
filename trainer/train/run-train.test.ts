// runTrain on tiny budgets: it must write a bundle the real loader accepts, the run's files and
// report, refuse unlabelled logs with file:line, and repeat itself bit for bit with one seed.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../../lib/test-fixtures/capture-io.js';
import { InputError, UsageError } from '../../lib/errors.js';
import { FEATURE_NAMES, FEATURES_VERSION } from '../../core/features/index.js';
import { packagePath } from '../../lib/package-root.js';
import { loadBundle } from '../../models/bundle.js';
import { runSimulate } from '../sim/run-simulate.js';
import { runTrain, type TrainOptions } from './run-train.js';

const dir = mkdtempSync(join(tmpdir(), 'train-'));
const logFile = join(dir, 'heuristic.jsonl');
const quiet = () => {};
const features = { version: FEATURES_VERSION, names: FEATURE_NAMES };
const sink = captureIo;
const tiny = (over: Partial<TrainOptions>): TrainOptions => ({
  algo: 'bc',
  seed: 3,
  out: join(dir, 'out'),
  runsDir: join(dir, 'runs'),
  evalEpisodes: 4,
  reportEpisodes: 6,
  progress: false,
  ...over,
});

beforeAll(async () => {
  await runSimulate({ policy: 'heuristic', episodes: 12, seed: 5, epsilon: 0.3, log: logFile, json: true }, sink().io);
});

describe('runTrain', () => {
  it('bc on a logged transcript writes a loadable bundle, metrics, config and report.html', async () => {
    const out = join(dir, 'bc');
    const r = await runTrain(tiny({ data: logFile, steps: 6, out, id: 'bc-tiny' }), quiet);
    const b = await loadBundle(out, { features });
    expect(b.meta.algo).toBe('bc');
    expect(b.meta.training.data).toBe(logFile);
    expect(r.run_dir).toBe(join(dir, 'runs', 'bc-tiny'));
    const metrics = readFileSync(join(r.run_dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(metrics.length).toBeGreaterThan(0);
    expect(metrics.some((m) => typeof m.eval_return === 'number')).toBe(true);
    expect(JSON.parse(readFileSync(join(r.run_dir, 'config.json'), 'utf8')).algo).toBe('bc');
    const html = readFileSync(join(r.run_dir, 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    const data = JSON.parse(readFileSync(join(r.run_dir, 'report-data.json'), 'utf8'));
    expect(data.policies.map((p: { policy: string }) => p.policy)).toEqual(['bc (trained)', 'random', 'loop', 'heuristic']);
    expect(data.conversations).toHaveLength(2);
    expect(data.conversations[0].events.some((e: { direction: string; text: string }) => e.direction === 'in' && e.text.length > 0)).toBe(true);
    expect(r.sim.dealer_minutes.ci95[0]).toBeLessThanOrEqual(r.sim.dealer_minutes.mean);
    expect(r.baselines.heuristic.dealer_minutes.mean).toBeGreaterThan(0);
  });

  it('cql --finetune learns offline first, then online from that network', async () => {
    const out = join(dir, 'cql-ft');
    const r = await runTrain(tiny({ algo: 'cql', data: logFile, finetune: true, warmSteps: 4, steps: 6, out, id: 'cql-ft', config: { numEnvs: 2, learningStarts: 4 } }), quiet);
    expect((await loadBundle(out, { features })).meta.output).toBe('q');
    expect(existsSync(join(dir, 'runs', 'cql-ft-offline', 'best', 'weights.bin'))).toBe(true);
    const online = readFileSync(join(r.run_dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(online.at(-1).env_steps).toBeGreaterThan(0);
  });

  it('refuses a transcript whose decisions carry no tactic, naming file and line', async () => {
    const lines = readFileSync(logFile, 'utf8').trim().split('\n');
    const k = lines.findIndex((l) => JSON.parse(l).direction === 'out');
    const e = JSON.parse(lines[k]!);
    delete e.tactic;
    delete e.propensity;
    lines[k] = JSON.stringify(e);
    const bad = join(dir, 'unlabelled.jsonl');
    writeFileSync(bad, lines.join('\n') + '\n');
    const p = runTrain(tiny({ data: bad, steps: 2, out: join(dir, 'never') }), quiet);
    await expect(p).rejects.toThrow(InputError);
    await expect(p).rejects.toThrow(`${bad}:${k + 1}: decision without a tactic`);
    await expect(p).rejects.toThrow(/data label/);
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });

  it('rejects flag combinations that cannot train', async () => {
    await expect(runTrain(tiny({ algo: 'dqn', data: logFile }), quiet)).rejects.toThrow(UsageError);
    await expect(runTrain(tiny({ algo: 'bc' }), quiet)).rejects.toThrow(/bc learns from logs/);
  });

  it('the same seed gives the same weights.bin; another seed does not', async () => {
    const ppo = (seed: number, name: string) =>
      runTrain(tiny({ algo: 'ppo', seed, steps: 2, out: join(dir, name), id: name, config: { numEnvs: 2, nSteps: 8, epochs: 1, minibatches: 2 } }), quiet);
    await ppo(7, 'a');
    await ppo(7, 'b');
    await ppo(8, 'c');
    const w = (n: string) => readFileSync(join(dir, n, 'weights.bin'));
    expect(w('a').equals(w('b'))).toBe(true);
    expect(w('a').equals(w('c'))).toBe(false);
  });
});

describe('the shipped default policy', () => {
  it('loads with the real features and plays in `simulate --policy models/default`', async () => {
    const bundle = packagePath('models', 'default');
    const b = await loadBundle(bundle, { features });
    expect(b.meta.training.seed).toBeTypeOf('number');
    const { io, out } = sink();
    await runSimulate({ policy: bundle, episodes: 10, seed: 2, json: true }, io);
    const s = JSON.parse(out.stdout);
    expect(s.policy).toBe(b.meta.id);
    expect(s.episodes).toBe(10);
    expect(s.dealer_minutes.mean).toBeGreaterThan(0);
  });
});
