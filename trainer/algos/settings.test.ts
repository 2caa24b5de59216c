import { describe, expect, it } from 'vitest';
import { UsageError } from '../../lib/errors.js';
import { BC_DEFAULTS } from './bc.js';
import { settingsFor } from './create.js';
import { ALGOS } from './learner.js';
import { PPO_DEFAULTS } from './ppo.js';
import { Q_DEFAULTS, Q_ONLINE_DEFAULTS } from './q-learner.js';
import { resolveSettings, settingsSpec } from './settings.js';

describe('resolveSettings', () => {
  const spec = settingsSpec('demo', { hidden: [64, 64], lr: 1e-3, rewardScale: 1, batchSize: 256 }, { hidden: 1, batchSize: 1 });

  it('fills the defaults and keeps the given values, typed as the defaults are', () => {
    expect(resolveSettings(spec, undefined, '--set')).toEqual({ hidden: [64, 64], lr: 1e-3, rewardScale: 1, batchSize: 256 });
    // rewardScale defaults to 1 but is no count: 0.1 is fine; hidden=128 is one layer
    expect(resolveSettings(spec, { rewardScale: 0.1, hidden: 128 }, '--set')).toMatchObject({ rewardScale: 0.1, hidden: [128] });
  });

  it('does not share the default arrays with the result', () => {
    const r = resolveSettings(spec, {}, '--set');
    (r.hidden as number[]).push(1);
    expect(resolveSettings(spec, {}, '--set').hidden).toEqual([64, 64]);
  });

  it('names the flag, the key and what it accepts', () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ lrr: 5 }, '--set: unknown key "lrr" for demo; allowed: hidden, lr, rewardScale, batchSize'],
      [{ lr: [1, 2] }, '--set lr: must be a number for demo, got [1,2]'],
      [{ lr: 'fast' }, '--set lr: must be a number for demo, got "fast"'],
      [{ batchSize: 0.5 }, '--set batchSize: must be an integer >= 1 for demo, got 0.5'],
      [{ hidden: [8, 2.5] }, '--set hidden: must be a list of integers >= 1 (e.g. hidden=64,64) for demo, got [8,2.5]'],
      [{ hidden: [] }, '--set hidden: must be a list of integers >= 1'],
    ];
    for (const [given, message] of bad) {
      expect(() => resolveSettings(spec, given, '--set'), message).toThrow(UsageError);
      expect(() => resolveSettings(spec, given, '--set')).toThrow(message);
    }
  });
});

describe('settingsFor: each algorithm takes the keys it uses', () => {
  it('derives from the *_DEFAULTS objects', () => {
    expect(Object.keys(settingsFor('bc', false).defaults)).toEqual(Object.keys(BC_DEFAULTS));
    expect(Object.keys(settingsFor('ppo', true).defaults)).toEqual(Object.keys(PPO_DEFAULTS));
    expect(Object.keys(settingsFor('cql', false).defaults)).toEqual(Object.keys(Q_DEFAULTS));
    expect(Object.keys(settingsFor('cql', true).defaults).sort()).toEqual(Object.keys({ ...Q_DEFAULTS, ...Q_ONLINE_DEFAULTS }).sort());
    expect(settingsFor('dqn', true).defaults.alpha).toBe(0);
  });

  it('bc has no gamma, ppo no batchSize, offline cql nothing of replay or exploration', () => {
    expect(settingsFor('bc', false).defaults).not.toHaveProperty('gamma');
    expect(settingsFor('ppo', true).defaults).not.toHaveProperty('batchSize');
    for (const k of Object.keys(Q_ONLINE_DEFAULTS)) expect(settingsFor('cql', false).defaults).not.toHaveProperty(k);
  });

  it('every default passes its own schema, and counts are integers', () => {
    for (const algo of ALGOS)
      for (const online of [false, true]) {
        const s = settingsFor(algo, online);
        expect(resolveSettings(s, s.defaults, 'config')).toEqual(s.defaults);
        for (const [k, min] of Object.entries(s.counts)) {
          if (!(k in s.defaults)) continue;
          const v = s.defaults[k]!;
          for (const x of Array.isArray(v) ? v : [v]) expect(Number.isInteger(x) && x >= min!, `${algo} ${k}`).toBe(true);
        }
      }
  });
});
