// runTrain on tiny budgets: it must write a bundle the real loader accepts, the run's files and
// report, refuse unlabelled logs with file:line, and repeat itself bit for bit with one seed.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../../lib/test-fixtures/capture-io.js';
import { InputError, UsageError } from '../../lib/errors.js';
import { createEncoder, FEATURE_NAMES, FEATURES_VERSION } from '../../core/features/index.js';
import { packagePath } from '../../lib/package-root.js';
import { loadBundle } from '../../models/bundle.js';
import { defaultPersonaMix } from '../sim/persona.js';
import { runSimulate } from '../sim/run-simulate.js';
import { SimVecEnv } from '../sim/vec-env.js';
import { onlineNormalisation } from './loop.js';
import { noShowObjective, runTrain, SIM_DEFAULTS, type TrainOptions } from './run-train.js';
import { DEFAULT_REWARD } from '../../core/reward.js';
import { NUM_TACTICS, TACTIC_INDEX } from '../../core/tactics.js';

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
    const config = JSON.parse(readFileSync(join(r.run_dir, 'config.json'), 'utf8'));
    expect(config.algo).toBe('bc');
    // only what bc uses: no gamma (nothing is discounted), no simulator batch
    expect(Object.keys(config).sort()).toEqual(['algo', 'backend', 'batchSize', 'checkpointEvery', 'evalEvery', 'exploration', 'features', 'hidden', 'id', 'iterations', 'lr', 'patience', 'provenance', 'seed']);
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
    const online = await loadBundle(out, { features });
    expect(online.meta.output).toBe('q');
    // the offline phase is recorded as a run of its own; its normalisation carries on online
    const offline = await loadBundle(join(dir, 'runs', 'cql-ft-offline', 'best'), { features });
    expect(online.meta.features).toEqual(offline.meta.features);
    const metrics = readFileSync(join(r.run_dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(metrics.at(-1).env_steps).toBeGreaterThan(0);
    const config = (id: string) => JSON.parse(readFileSync(join(dir, 'runs', id, 'config.json'), 'utf8'));
    expect(config('cql-ft')).toMatchObject({ numEnvs: 2, learningStarts: 4, epsStart: 0.1, alpha: 1 });
    // the offline phase has no replay buffer, exploration or simulator: none of their keys
    for (const k of ['numEnvs', 'bufferSize', 'learningStarts', 'envStepsPerIter', 'epsStart', 'epsEnd', 'epsDecayIters']) expect(config('cql-ft-offline')).not.toHaveProperty(k);
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

  it('refuses settings the phase does not use, or of the wrong kind, before loading anything', async () => {
    const never = join(dir, 'never-set');
    const cases: [Partial<TrainOptions>, string][] = [
      [{ algo: 'ppo', config: { lrr: 5, nStep: 1 } }, '--set: unknown key "lrr", "nStep" for ppo; allowed: hidden, lr, gamma, nSteps, epochs, minibatches, clip, lambda, entCoef, vfCoef, rewardScale, maxGradNorm, numEnvs, noShowWeight, personaJitter'],
      [{ algo: 'ppo', config: { batchSize: 64 } }, '--set: unknown key "batchSize" for ppo'],
      [{ algo: 'bc', data: '/nonexistent', config: { numEnvs: 4 } }, '--set: unknown key "numEnvs" for bc; allowed: hidden, lr, batchSize'],
      [{ algo: 'cql', data: '/nonexistent', config: { epsStart: 0.5 } }, '--set: unknown key "epsStart" for cql (offline)'],
      [{ algo: 'ppo', config: { lr: [1, 2] } }, '--set lr: must be a number for ppo, got [1,2]'],
      [{ algo: 'ppo', config: { nSteps: 1.5 } }, '--set nSteps: must be an integer >= 1 for ppo, got 1.5'],
      [{ algo: 'dqn', config: { numEnvs: 0 } }, '--set numEnvs: must be an integer >= 1 for dqn, got 0'],
      [{ algo: 'ppo', config: { noShowWeight: 1.5 } }, '--set noShowWeight: must be a number from 0 to 1'],
      [{ algo: 'ppo', config: { noShowWeight: -0.1 } }, '--set noShowWeight: must be a number from 0 to 1'],
      [{ algo: 'bc', data: '/nonexistent', config: { noShowWeight: 0.5 } }, '--set: unknown key "noShowWeight" for bc'],
      [{ algo: 'ppo', config: { personaJitter: 4 } }, '--set personaJitter: must be a number from 0 to 3'],
      [{ algo: 'ppo', config: { hidden: [32, 0] } }, '--set hidden: must be a list of integers >= 1 (e.g. hidden=64,64) for ppo, got [32,0]'],
      [{ algo: 'ppo', data: '/nonexistent', warmConfig: { gamma: 0.5 } }, '--warm-set: unknown key "gamma" for bc; allowed: hidden, lr, batchSize'],
      [{ algo: 'dqn', warmConfig: { lr: 0.1 } }, '--warm-set applies to the offline phase of ppo --data F or cql --data F --finetune'],
    ];
    for (const [over, message] of cases) {
      const e = await runTrain(tiny({ out: never, ...over }), quiet).catch((x: unknown) => x);
      expect(e, message).toBeInstanceOf(UsageError);
      expect((e as Error).message).toContain(message);
    }
    expect(existsSync(never)).toBe(false);
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

describe('noShowWeight (the training objective)', () => {
  it('counts each no-show at the weight, and 1 is dealer-minutes', () => {
    const s = { dealer_minutes: { mean: 30, ci95: [29, 31] as [number, number] }, no_shows: 0.5 };
    expect(noShowObjective(1)(s)).toBe(30);
    expect(noShowObjective(0.25)(s)).toBeCloseTo(30 - 0.75 * 20 * 0.5, 12);
    expect(noShowObjective(0)(s)).toBeCloseTo(20, 12);
  });

  it('trains on the weighted reward: the same dealers and actions earn the true minutes less (1 − w) × 20 per no-show', () => {
    const make = (w: number) => new SimVecEnv({ numEnvs: 4, mix: defaultPersonaMix(), encoder: createEncoder, config: { reward: { ...DEFAULT_REWARD, noShow: DEFAULT_REWARD.noShow * w } } });
    const full = make(1);
    const part = make(0.25);
    let a = full.reset(3);
    part.reset(3);
    const actions = new Int32Array(4);
    let diff = 0;
    let noShows = 0;
    for (let k = 0; k < 400; k++) {
      // get a price, then propose and confirm, so that meetings happen
      for (let i = 0; i < 4; i++) {
        const m = a.mask.subarray(i * NUM_TACTICS, (i + 1) * NUM_TACTICS);
        const stage = full.conversation(i).sim.stageName;
        const T = TACTIC_INDEX;
        const pref = stage === 'open' ? [T.show_interest] : stage === 'menu' ? [T.ask_price] : [T.confirm_meeting, T.propose_meeting, (k + i) % NUM_TACTICS];
        actions[i] = pref.find((t) => m[t]) ?? m.indexOf(1);
      }
      const x = full.step(actions);
      const y = part.step(actions);
      for (let i = 0; i < 4; i++) diff += x.reward[i]! - y.reward[i]!;
      for (const f of x.finished) noShows += f.info!.no_shows!;
      a = x;
    }
    expect(noShows).toBeGreaterThan(5);
    // no-shows of episodes still running at the end are in diff but not yet in noShows
    const running = [0, 1, 2, 3].reduce((n, i) => n + full.conversation(i).sim.noShows, 0);
    expect(diff).toBeCloseTo(0.75 * DEFAULT_REWARD.noShow * (noShows + running), 2);
  });

  it('is recorded in the run and the bundle, and the result reports the true no-show share', async () => {
    const out = join(dir, 'ppo-w');
    const r = await runTrain(tiny({ algo: 'ppo', steps: 2, out, id: 'ppo-w', config: { numEnvs: 2, nSteps: 8, epochs: 1, minibatches: 2, noShowWeight: 0.25 } }), quiet);
    const b = await loadBundle(out, { features });
    expect(b.meta.training.metrics.no_show_weight).toBe(0.25);
    const config = JSON.parse(readFileSync(join(r.run_dir, 'config.json'), 'utf8'));
    expect(config.provenance.noShowWeight).toBe(0.25);
    expect(config).not.toHaveProperty('noShowWeight');
    expect(r.sim.no_show_share).toBeGreaterThanOrEqual(0);
    expect(r.sim.no_show_share).toBeLessThanOrEqual(1);
  });
});

describe('the shipped default policy', () => {
  it('stores exactly the normalisation this code fits for its run (its seed, the default mix, the default simulator batch, its persona jitter)', () => {
    // pins the fit's arithmetic, the encoder and the simulator's first steps at once: a change
    // to any of them changes what `npm run train:default` would write into policy.json
    const meta = JSON.parse(readFileSync(packagePath('models', 'default', 'policy.json'), 'utf8'));
    // the normalisation is fitted on the training dealers, jittered if the run was (noShowWeight changes rewards, not observations)
    const personaJitter: number = meta.training.metrics.persona_jitter ?? 0;
    // a bundle that does not say was fitted before the simulator held our night messages
    const quietHours: boolean = meta.training.metrics.sim_quiet_hours ?? false;
    const env = new SimVecEnv({ numEnvs: SIM_DEFAULTS.numEnvs, mix: defaultPersonaMix(), encoder: createEncoder, personaJitter, config: { quietHours } });
    const n = onlineNormalisation(env, meta.training.seed);
    expect(n.mean).toEqual(meta.features.mean);
    expect(n.std).toEqual(meta.features.std);
  });

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
