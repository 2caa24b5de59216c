// Baseline policies by name, for the CLI and the benchmarks.
import { UsageError } from '../../../lib/errors.js';
import { isTactic, parseTactic } from '../../../core/tactics.js';
import { constantPolicy } from './constant.js';
import { heuristicPolicy } from './heuristic.js';
import { loopPolicy } from './loop.js';
import { oraclePolicy } from './oracle.js';
import type { Policy } from './policy.js';
import { randomPolicy } from './random.js';
import { variedPolicy } from './varied.js';

export const BASELINES = ['random', 'loop', 'heuristic', 'oracle'] as const;

/** `random|loop|heuristic|oracle`, or `constant:TACTIC`. */
export function baselinePolicy(name: string): Policy {
  switch (name) {
    case 'random':
      return randomPolicy();
    case 'loop':
      return loopPolicy();
    case 'heuristic':
      return heuristicPolicy();
    case 'oracle':
      return oraclePolicy();
    case 'varied':
      return variedPolicy();
  }
  if (name.startsWith('constant:')) {
    const t = name.slice('constant:'.length);
    if (isTactic(t)) return constantPolicy(t);
    const r = parseTactic(t);
    throw new UsageError(r.ok ? `bad tactic ${t}` : r.error);
  }
  throw new UsageError(`unknown policy "${name}" (valid: ${BASELINES.join(', ')}, varied, constant:TACTIC)`);
}
