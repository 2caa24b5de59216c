// The simulator's public API for the trainer (algorithms, evaluation) and the benchmarks.
export { SimConversation, pickPersona, tacticIndexOf, type SimStep, type StepInfo } from './conversation.js';
export { DealerSim, DEFAULT_DEALER_CONFIG, STAGES, ENDINGS, type DealerConfig } from './dealer.js';
export { dealerText, DealerText } from './dealer-text.js';
export {
  defaultPersonaMix,
  heldoutPersonaMix,
  loadPersonaMix,
  parsePersonaMix,
  DEFAULT_PERSONAS_FILE,
  HELDOUT_PERSONAS_FILE,
  type Persona,
  type PersonaMix,
} from './persona.js';
export { SimVecEnv, type SimVecEnvOptions } from './vec-env.js';
export { simulatePolicy, runEpisode, summarize, simCounterpart, transcriptOf, type SimulateOptions, type SimulateSummary } from './simulate.js';
export { sampleTactic, withEpsilon, type Policy, type PolicyView } from './policies/policy.js';
export { baselinePolicy, BASELINES } from './policies/index.js';
