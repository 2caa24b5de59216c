// Data that cannot be evaluated is refused with an error naming the episode and step (the
// caller maps those to transcript file:line), never silently dropped or guessed around.
import { describe, expect, it } from 'vitest';
import type { LoggedEpisode, LoggedStep } from '../episodes.js';
import { EpisodeInputError, InsufficientDataError, MissingPropensityError, PolicyOutputError } from './errors.js';
import { evaluatePolicy } from './evaluate.js';

const mask = Uint8Array.of(1, 1, 0);
const uniform = (): Float64Array => Float64Array.of(0.5, 0.5, 0);

function step(overrides: Partial<LoggedStep> = {}): LoggedStep {
  return { obs: Float32Array.of(1, 0), mask, action: 0, propensity: 0.5, reward: 1, ...overrides };
}

/** Five good conversations of three decisions, with `bad` replacing conversation 2's step 1. */
function logs(bad?: Partial<LoggedStep>): LoggedEpisode[] {
  return Array.from({ length: 5 }, (_, i) => ({
    id: `conv-${i}`,
    steps: [step({ action: i % 2 }), step(i === 2 ? bad : {}), step({ action: 1, propensity: 0.5 })],
  }));
}

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

describe('bad input', () => {
  it('the good data evaluates (so the failures below are caused by the one bad step)', () => {
    const r = evaluatePolicy(logs(), uniform, { fqeRefitBudget: 0 });
    expect(r.n).toBe(5);
    expect(r.estimators.is.value).toBeCloseTo(3, 12);
  });

  it('no propensity: refused with a message saying what is needed and how to get it', () => {
    const e = thrown(() => evaluatePolicy(logs({ propensity: undefined }), uniform));
    expect(e).toBeInstanceOf(MissingPropensityError);
    const m = e as MissingPropensityError;
    expect([m.code, m.episodeId, m.episodeIndex, m.step]).toEqual(['E_NO_PROPENSITY', 'conv-2', 2, 1]);
    expect(m.message).toMatch(/^episode conv-2 step 1: no logged propensity/);
    expect(m.message).toContain('--estimate-behaviour');
  });

  it('no propensities but an estimated behaviour policy: evaluates, labelled and warned', () => {
    const noneLogged = logs().map((e) => ({ ...e, steps: e.steps.map((s) => ({ ...s, propensity: undefined })) }));
    const r = evaluatePolicy(noneLogged, uniform, { behaviour: uniform, fqeRefitBudget: 0 });
    expect(r.propensities).toBe('estimated');
    expect(r.warnings.some((w) => w.includes('estimated'))).toBe(true);
    expect(r.estimators.is.value).toBeCloseTo(3, 12);
  });

  it.each([
    [0, 'propensity 0 is outside (0, 1]'],
    [1.5, 'propensity 1.5 is outside (0, 1]'],
    [-0.2, 'propensity -0.2 is outside (0, 1]'],
    [Number.NaN, 'propensity NaN is outside (0, 1]'],
  ])('propensity %s: an input error at the episode and step', (propensity, reason) => {
    const e = thrown(() => evaluatePolicy(logs({ propensity }), uniform)) as EpisodeInputError;
    expect(e).toBeInstanceOf(EpisodeInputError);
    expect(e.message).toBe(`episode conv-2 step 1: ${reason}`);
    expect([e.episodeIndex, e.step, e.code]).toEqual([2, 1, 'E_INPUT']);
  });

  it.each([
    [3, 'action 3 is not an index into the 3 actions'],
    [-1, 'action -1 is not an index into the 3 actions'],
    [0.5, 'action 0.5 is not an index into the 3 actions'],
    [2, "action 2 is not allowed by the step's mask"],
  ])('unknown or forbidden action %s: an input error at the episode and step', (action, reason) => {
    const e = thrown(() => evaluatePolicy(logs({ action }), uniform)) as EpisodeInputError;
    expect(e).toBeInstanceOf(EpisodeInputError);
    expect(e.message).toContain(`episode conv-2 step 1: ${reason}`);
  });

  it('a reward that is not a number', () => {
    expect(() => evaluatePolicy(logs({ reward: Number.POSITIVE_INFINITY }), uniform)).toThrow(/episode conv-2 step 1: reward is not a finite number/);
  });

  it('a mask or observation of the wrong width', () => {
    expect(() => evaluatePolicy(logs({ mask: Uint8Array.of(1, 1) }), uniform)).toThrow(/episode conv-2 step 1: mask has 2 actions, expected 3/);
    expect(() => evaluatePolicy(logs({ obs: Float32Array.of(1) }), uniform)).toThrow(/episode conv-2 step 1: observation has 1 features, expected 2/);
  });

  it('a single conversation (or none): no spread, so no interval; refused', () => {
    const e = thrown(() => evaluatePolicy(logs().slice(0, 1), uniform));
    expect(e).toBeInstanceOf(InsufficientDataError);
    expect((e as InsufficientDataError).code).toBe('E_TOO_FEW');
    expect((e as Error).message).toMatch(/at least 2 conversations \(got 1\)/);
    expect(() => evaluatePolicy([], uniform)).toThrow(InsufficientDataError);
  });

  it('conversations without any decision: nothing to evaluate', () => {
    expect(() => evaluatePolicy([{ id: 'a', steps: [] }, { id: 'b', steps: [] }], uniform)).toThrow(/no conversation contains a decision/);
  });

  it('a target policy that puts probability on a masked action is refused (IS would silently drop that mass)', () => {
    const leaky = (): Float64Array => Float64Array.of(0.4, 0.4, 0.2);
    const e = thrown(() => evaluatePolicy(logs(), leaky));
    expect(e).toBeInstanceOf(PolicyOutputError);
    expect((e as Error).message).toBe('target policy at episode conv-0 step 0: gives probability 0.2 to action 2, which the mask forbids');
  });

  it('a target policy whose probabilities do not sum to one, or are of the wrong length', () => {
    expect(() => evaluatePolicy(logs(), () => Float64Array.of(0.5, 0.4, 0))).toThrow(/target policy at episode conv-0 step 0: probabilities sum to 0.9/);
    expect(() => evaluatePolicy(logs(), () => Float64Array.of(0.5, 0.5))).toThrow(/returned 2 probabilities for 3 actions/);
  });

  it('an estimated behaviour policy that gives the logged action probability 0', () => {
    const never1 = (): Float64Array => Float64Array.of(1, 0, 0);
    expect(() => evaluatePolicy(logs(), uniform, { behaviour: never1 })).toThrow(/episode conv-0 step 2: estimated behaviour policy gives probability 0 to the logged action 1/);
  });
});
