// The run loop: early stopping, resume after an interruption, metrics.jsonl. Small networks and
// few iterations: these test the loop's bookkeeping, not learning (algos/algos.test.ts does that).
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MlpPolicy } from '../../models/policy.js';
import type { AlgoName } from '../algos/learner.js';
import { loadBundle } from '../../models/bundle.js';
import { learnOffline, trainOffline, type MetricsRow, type RunOptions } from './loop.js';
import { epsilonGreedyProbs, logEpisodes, oneHot, randomMdp, valueIteration } from '../algos/test-fixtures/random-mdp.js';

const NS = 5;
const NA = 4;
const mdp = randomMdp(3, NS, NA, 0.25);
const logs = logEpisodes(mdp, epsilonGreedyProbs(mdp, valueIteration(mdp, 0.9).policy, 0.5), 60, 4);
const features = { version: 1, names: Array.from({ length: NS }, (_, i) => `s${i}`) };
const tactics = Array.from({ length: NA }, (_, i) => `a${i}`);
let runsDir: string;

beforeAll(async () => {
  runsDir = await mkdtemp(join(tmpdir(), 'run-loop-'));
});
afterAll(() => rm(runsDir, { recursive: true, force: true }));

const base = (id: string): RunOptions => ({ runsDir, id, seed: 11, iterations: 40, features, tactics, config: { batchSize: 32, hidden: [8] } });

/** An evaluate function that returns the scripted values in turn and records each call. */
function scripted(values: number[]) {
  const calls: number[] = [];
  const evaluate = () => {
    const v = values[calls.length];
    if (v === undefined) throw new Error(`evaluate called more often (${calls.length + 1}) than scripted`);
    calls.push(v);
    return v;
  };
  return { evaluate, calls };
}

async function metricsFile(runDir: string): Promise<MetricsRow[]> {
  const text = await readFile(join(runDir, 'metrics.jsonl'), 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as MetricsRow);
}

describe('early stopping', () => {
  it('stops after `patience` evaluations without improvement (ties do not count as improvement)', async () => {
    //            eval at it: 5  10  15   20   25  30  35  40
    const s = scripted([1, 2, 2, 1.5, 1.9, 3, 4, 5]);
    const r = await trainOffline('bc', logs, { ...base('early'), evaluate: s.evaluate, evalEvery: 5, patience: 3 });
    expect(s.calls).toEqual([1, 2, 2, 1.5, 1.9]); // best at 10, then three without improvement
    expect(r.stoppedEarly).toBe(true);
    expect(r.iterations).toBe(25);
    expect(r.best).toEqual({ iteration: 10, evalReturn: 2 });
    const bundle = JSON.parse(await readFile(join(r.bundleDir, 'policy.json'), 'utf8'));
    expect(bundle.training.steps).toBe(10); // the exported bundle is the best one, not the last
    expect(bundle.training.metrics.eval_return).toBe(2);
  });

  it('an improvement resets the count; patience 0 never stops', async () => {
    const s = scripted([1, 0, 0, 2, 0, 0, 0]);
    const r = await trainOffline('bc', logs, { ...base('reset'), iterations: 35, evaluate: s.evaluate, evalEvery: 5, patience: 3 });
    expect(r.iterations).toBe(35);
    expect(r.stoppedEarly).toBe(true); // the 3rd miss after the best (2 at 20) falls on the last evaluation
    expect(r.best).toEqual({ iteration: 20, evalReturn: 2 });
    const never = scripted([3, 2, 1, 0, -1, -2, -3, -4]);
    const r0 = await trainOffline('bc', logs, { ...base('never'), evaluate: never.evaluate, evalEvery: 5, patience: 0 });
    expect(never.calls).toHaveLength(8);
    expect(r0.stoppedEarly).toBe(false);
    expect(r0.iterations).toBe(40);
    expect(r0.best).toEqual({ iteration: 5, evalReturn: 3 });
  });
});

describe('metrics.jsonl', () => {
  it('has exactly one line per evaluation carrying eval_return, each with the documented fields', async () => {
    const s = scripted([0.1, 0.3, 0.2, 0.4]);
    const r = await trainOffline('cql', logs, { ...base('metrics'), evaluate: s.evaluate, evalEvery: 10, checkpointEvery: 20 });
    const rows = await metricsFile(r.runDir);
    const evals = rows.filter((m) => m.eval_return !== undefined);
    expect(evals.map((m) => [m.iteration + 1, m.eval_return])).toEqual([
      [10, 0.1],
      [20, 0.3],
      [30, 0.2],
      [40, 0.4],
    ]);
    const its = rows.map((m) => m.iteration);
    expect(new Set(its).size).toBe(its.length); // no iteration written twice
    expect(its).toEqual([...its].sort((a, b) => a - b));
    for (const m of evals) {
      expect(Object.keys(m).sort()).toEqual(['eval_return', 'grad_steps', 'iteration', 'loss', 'seconds', 'td_error']);
      expect(m.grad_steps).toBe(m.iteration + 1); // offline cql: one gradient step per iteration
      expect(Number.isFinite(m.loss) && Number.isFinite(m.td_error!) && m.seconds >= 0).toBe(true);
    }
    expect(rows).toEqual(r.metrics.filter((m) => its.includes(m.iteration))); // file = returned rows
  });

  it('bc lines carry entropy and accuracy', async () => {
    const r = await trainOffline('bc', logs, { ...base('metrics-bc'), iterations: 10, evaluate: () => 0, evalEvery: 5 });
    const evals = (await metricsFile(r.runDir)).filter((m) => m.eval_return !== undefined);
    expect(evals).toHaveLength(2);
    for (const m of evals) expect(Object.keys(m).sort()).toEqual(['accuracy', 'entropy', 'eval_return', 'grad_steps', 'iteration', 'loss', 'seconds']);
  });
});

describe('resume', () => {
  /** A deterministic evaluation that depends on the weights: P(action 0 | state 0). */
  const evaluate = (p: MlpPolicy) => p.probs(oneHot(0, NS), mdp.mask.slice(0, NA))[0]!;

  /** The checkpoint's binary files and state, as hex (model.json holds generated layer names). */
  async function checkpoint(runDir: string): Promise<Record<string, string>> {
    const dir = join(runDir, 'checkpoint');
    const out: Record<string, string> = {};
    for (const f of (await readdir(dir)).filter((f) => f.endsWith('.bin') || f === 'state.json').sort()) out[f] = (await readFile(join(dir, f))).toString('hex');
    return out;
  }
  const withoutSeconds = (rows: MetricsRow[]) => rows.map(({ seconds, ...rest }) => (void seconds, rest));

  it.each(['bc', 'cql'] as AlgoName[])('%s: interrupted after a checkpoint, then resumed, ends bit for bit where an uninterrupted run ends', async (algo) => {
    // cql: target network updated every 7 steps, so checkpoints (every 10) fall between updates (bc has no target network)
    const target = algo === 'cql' ? { targetUpdateEvery: 7 } : {};
    const opts = (id: string): RunOptions => ({ ...base(id), config: { ...base(id).config, ...target }, evalEvery: 5, checkpointEvery: 10 });
    const full = await trainOffline(algo, logs, { ...opts(`${algo}-full`), evaluate });

    let calls = 0;
    const crashing = (p: MlpPolicy) => {
      if (++calls === 5) throw new Error('simulated crash'); // during iteration 25's evaluation
      return evaluate(p);
    };
    await expect(trainOffline(algo, logs, { ...opts(`${algo}-resumed`), evaluate: crashing })).rejects.toThrow('simulated crash');
    const state = JSON.parse(await readFile(join(runsDir, `${algo}-resumed`, 'checkpoint', 'state.json'), 'utf8'));
    expect(state.iteration).toBe(20); // the last checkpoint before the crash
    const resumed = await trainOffline(algo, logs, { ...opts(`${algo}-resumed`), evaluate, resume: true });

    expect(resumed.iterations).toBe(40);
    const [a, b] = [await checkpoint(resumed.runDir), await checkpoint(full.runDir)];
    expect(Object.keys(a)).toEqual(algo === 'cql' ? ['optimizer.bin', 'q.bin', 'state.json', 'target.bin'] : ['optimizer.bin', 'pi.bin', 'state.json']);
    for (const f of Object.keys(b)) expect(a[f], f).toBe(b[f]);
    expect(await readFile(join(resumed.bundleDir, 'weights.bin'))).toEqual(await readFile(join(full.bundleDir, 'weights.bin')));
    expect(resumed.best).toEqual(full.best);
    expect(new Uint8Array(resumed.learned.artifacts.weightData)).toEqual(new Uint8Array(full.learned.artifacts.weightData));
    expect(withoutSeconds(await metricsFile(resumed.runDir))).toEqual(withoutSeconds(await metricsFile(full.runDir)));
  });

  it('a resumed run without a better evaluation after the restart still hands back the best network from before it', async () => {
    // evaluations rise until the crash, then fall: the best stays the one of the interrupted run
    const values = [1, 2, 3, 4];
    let calls = 0;
    const rising = () => {
      if (calls === values.length) throw new Error('simulated crash');
      return values[calls++]!;
    };
    const o = { ...base('resume-best'), iterations: 40, evalEvery: 5, checkpointEvery: 10 };
    await expect(trainOffline('bc', logs, { ...o, evaluate: rising })).rejects.toThrow('simulated crash');
    const r = await trainOffline('bc', logs, { ...o, evaluate: () => 0, resume: true });
    expect(r.best).toEqual({ iteration: 20, evalReturn: 4 });
    expect(r.learned.iteration).toBe(20);
    expect(new Uint8Array(r.learned.artifacts.weightData)).toEqual(new Uint8Array(await readFile(join(r.bundleDir, 'weights.bin'))));
  });
});

describe('the learned policy in memory', () => {
  const probe = (p: MlpPolicy) => Array.from({ length: NS }, (_, s) => Array.from(p.probs(oneHot(s, NS), mdp.mask.slice(s * NA, (s + 1) * NA))));

  it('is the network, normalisation and exploration of the run\'s bundle, without reading it back', async () => {
    let calls = 0;
    const evaluate = () => [3, 5, 4, 1][calls++ % 4]!; // the best is the second evaluation
    const r = await trainOffline('cql', logs, { ...base('in-memory'), evaluate, evalEvery: 10 });
    expect(r.learned.iteration).toBe(20);
    const b = await loadBundle(r.bundleDir, { features, tactics });
    expect(new Uint8Array(r.learned.artifacts.weightData)).toEqual(new Uint8Array(b.artifacts.weightData));
    expect(r.learned.artifacts.modelTopology).toEqual(b.artifacts.modelTopology);
    expect(r.learned.artifacts.weightSpecs).toEqual(b.artifacts.weightSpecs);
    expect(r.learned.norm).toEqual({ mean: b.meta.features.mean, std: b.meta.features.std });
    expect(r.learned.exploration).toEqual({ temperature: b.meta.temperature, epsilon: b.meta.epsilon });
    expect(r.learned.output).toBe(b.meta.output);
    expect(probe(r.learned.policy)).toEqual(probe(b.policy));
  });

  it('learnOffline trains exactly as trainOffline does, and writes no run folder', async () => {
    const o = { seed: 5, iterations: 30, config: { batchSize: 32, hidden: [8] }, epsilon: 0.01 };
    const onDisk = await trainOffline('bc', logs, { ...o, runsDir, id: 'bc-disk', features, tactics });
    const before = await readdir(runsDir);
    const inMemory = await learnOffline('bc', logs, o);
    expect(await readdir(runsDir)).toEqual(before);
    expect(inMemory.iterations).toBe(30);
    expect(new Uint8Array(inMemory.learned.artifacts.weightData)).toEqual(new Uint8Array(await readFile(join(onDisk.bundleDir, 'weights.bin'))));
    expect(inMemory.learned.norm).toEqual(onDisk.learned.norm);
    expect(probe(inMemory.learned.policy)).toEqual(probe((await loadBundle(onDisk.bundleDir, { features, tactics })).policy));
  });
});
