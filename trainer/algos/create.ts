// Builds a learner by name from the resolved configuration and its data source.
import type * as tf from '@tensorflow/tfjs';
import type { Normalisation } from '../../models/policy.js';
import type { VecEnv } from '../env.js';
import type { LoggedEpisode } from '../episodes.js';
import { BC_DEFAULTS, BcLearner } from './bc.js';
import type { AlgoName, Learner } from './learner.js';
import { PPO_DEFAULTS, PpoLearner } from './ppo.js';
import { Q_DEFAULTS, QLearner } from './q-learner.js';
import { Transitions, datasetShape, transitionsFromEpisodes } from './transitions.js';

export type AlgoConfig = Record<string, number | number[]>;

export function defaultsFor(algo: AlgoName, online: boolean): AlgoConfig {
  switch (algo) {
    case 'bc':
      return { ...BC_DEFAULTS };
    case 'cql':
      // offline: no replay warm-up, frequent target updates; online fine-tuning explores little
      return online ? { ...Q_DEFAULTS, epsStart: 0.1, epsEnd: 0.02 } : { ...Q_DEFAULTS, learningStarts: 0 };
    case 'dqn':
      return { ...Q_DEFAULTS, alpha: 0 };
    case 'ppo':
      return { ...PPO_DEFAULTS };
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

export function createLearner(algo: AlgoName, cfg: AlgoConfig & { seed: number }, norm: Normalisation, src: OfflineSource | OnlineSourceSpec): Learner {
  const c = cfg as never;
  if (src.kind === 'offline') {
    if (algo === 'dqn' || algo === 'ppo') throw new Error(`${algo} learns online in an environment, not from logged data (use bc or cql)`);
    const data = transitionsFromEpisodes(src.episodes, norm);
    return algo === 'bc' ? new BcLearner(c, norm, data) : new QLearner('cql', c, norm, data);
  }
  if (algo === 'bc') throw new Error('bc learns from logged data only');
  if (algo === 'ppo') return new PpoLearner(c, norm, src.env, src.envSeed, src.init);
  const bufferSize = cfg.bufferSize as number;
  const buffer = src.episodes?.length
    ? transitionsFromEpisodes(src.episodes, norm, bufferSize)
    : new Transitions(bufferSize, src.env.obsSize, src.env.numActions, norm);
  if (src.episodes?.length) {
    const s = datasetShape(src.episodes);
    if (s.obsSize !== src.env.obsSize || s.numActions !== src.env.numActions) throw new Error('logged episodes and environment differ in features or actions');
  }
  return new QLearner(algo, c, norm, buffer, { env: src.env, envSeed: src.envSeed }, src.init);
}
