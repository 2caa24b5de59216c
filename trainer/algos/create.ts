// Builds a learner by name from its settings (checked against the algorithm's schema) and its
// data source.
import type * as tf from '@tensorflow/tfjs';
import type { Normalisation } from '../../core/features/normalisation.js';
import type { VecEnv } from '../env.js';
import type { LoggedEpisode } from '../episodes.js';
import { BC_SETTINGS, BcLearner } from './bc.js';
import type { AlgoName, Learner } from './learner.js';
import { PPO_SETTINGS, PpoLearner } from './ppo.js';
import { Q_COUNTS, Q_DEFAULTS, Q_ONLINE_DEFAULTS, QLearner } from './q-learner.js';
import { type AlgoOverrides, type Numeric, resolveSettings, settingsSpec, type SettingsSpec } from './settings.js';
import { Transitions, datasetShape, transitionsFromEpisodes } from './transitions.js';

export type { AlgoOverrides } from './settings.js';

// offline: no replay, no exploration; online fine-tuning explores little
const CQL_OFFLINE = settingsSpec('cql (offline)', { ...Q_DEFAULTS }, Q_COUNTS);
const CQL_ONLINE = settingsSpec('cql (online)', { ...Q_DEFAULTS, ...Q_ONLINE_DEFAULTS, epsStart: 0.1, epsEnd: 0.02 }, Q_COUNTS);
const DQN = settingsSpec('dqn', { ...Q_DEFAULTS, alpha: 0, ...Q_ONLINE_DEFAULTS }, Q_COUNTS);

/** The settings an algorithm takes when it learns offline (from logs) or online (in an environment). */
export function settingsFor(algo: AlgoName, online: boolean): SettingsSpec<Numeric> {
  switch (algo) {
    case 'bc':
      return BC_SETTINGS;
    case 'cql':
      return online ? CQL_ONLINE : CQL_OFFLINE;
    case 'dqn':
      return DQN;
    case 'ppo':
      return PPO_SETTINGS;
  }
}

export interface OfflineSource {
  kind: 'offline';
  episodes: readonly LoggedEpisode[];
}
export interface OnlineSourceSpec {
  kind: 'online';
  env: VecEnv;
  envSeed: number;
  /** offline episodes to keep in the replay buffer (CQL fine-tuning) */
  episodes?: readonly LoggedEpisode[];
  /** initial network: Q (CQL fine-tuning from an offline run) or policy logits (PPO after BC) */
  init?: tf.LayersModel;
}

export interface BuiltLearner {
  learner: Learner;
  /** the settings in use, seed included (what config.json records) */
  config: Numeric & { seed: number };
}

/** `overrides` over the algorithm's defaults; `flag` names their source in errors (--set, config). */
export function createLearner(algo: AlgoName, overrides: AlgoOverrides | undefined, seed: number, norm: Normalisation, src: OfflineSource | OnlineSourceSpec, flag = 'config'): BuiltLearner {
  if (src.kind === 'offline') {
    if (algo === 'dqn' || algo === 'ppo') throw new Error(`${algo} learns online in an environment, not from logged data (use bc or cql)`);
    const data = transitionsFromEpisodes(src.episodes, norm);
    if (algo === 'bc') {
      const cfg = { ...resolveSettings(BC_SETTINGS, overrides, flag), seed };
      return { learner: new BcLearner(cfg, norm, data), config: cfg };
    }
    const cfg = { ...resolveSettings(CQL_OFFLINE, overrides, flag), seed };
    return { learner: new QLearner('cql', cfg, norm, data), config: cfg };
  }
  if (algo === 'bc') throw new Error('bc learns from logged data only');
  if (algo === 'ppo') {
    const cfg = { ...resolveSettings(PPO_SETTINGS, overrides, flag), seed };
    return { learner: new PpoLearner(cfg, norm, src.env, src.envSeed, src.init), config: cfg };
  }
  const cfg = { ...resolveSettings(algo === 'cql' ? CQL_ONLINE : DQN, overrides, flag), seed };
  const { bufferSize, learningStarts, envStepsPerIter, epsStart, epsEnd, epsDecayIters, ...core } = cfg;
  const buffer = src.episodes?.length
    ? transitionsFromEpisodes(src.episodes, norm, bufferSize)
    : new Transitions(bufferSize, src.env.obsSize, src.env.numActions, norm);
  if (src.episodes?.length) {
    const s = datasetShape(src.episodes);
    if (s.obsSize !== src.env.obsSize || s.numActions !== src.env.numActions) throw new Error('logged episodes and environment differ in features or actions');
  }
  const online = { env: src.env, envSeed: src.envSeed, config: { bufferSize, learningStarts, envStepsPerIter, epsStart, epsEnd, epsDecayIters } };
  return { learner: new QLearner(algo, core, norm, buffer, online, src.init), config: cfg };
}
