// `dealerbot train` flags → runTrain options, and the result on stdout (JSON or a few lines).
import { type Io, note, printJson } from '../../lib/console.js';
import { UsageError } from '../../lib/errors.js';
import type { AlgoConfig } from '../algos/create.js';
import type { AlgoName } from '../algos/learner.js';
import { runTrain, type TrainResult } from './run-train.js';

export interface TrainFlags {
  algo: string;
  out: string;
  data?: string;
  personas?: string;
  steps?: string;
  seed?: string;
  finetune?: boolean;
  warmSteps?: string;
  set?: string[];
  warmSet?: string[];
  temperature?: string;
  evalEpisodes?: string;
  evalEvery?: string;
  reportEpisodes?: string;
  patience?: string;
  runsDir?: string;
  json?: boolean;
  progress?: boolean;
}

function int(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer >= ${min}, got "${v}"`);
  return n;
}

/** `key=value` pairs: a number, or a comma list of numbers (layer sizes). */
export function parseSettings(flag: string, pairs: readonly string[] | undefined): AlgoConfig | undefined {
  if (!pairs?.length) return undefined;
  const out: AlgoConfig = {};
  for (const p of pairs) {
    const m = /^([A-Za-z][A-Za-z0-9]*)=(.+)$/.exec(p);
    const nums = m ? m[2]!.split(',').map(Number) : [];
    if (!m || nums.some((x) => !Number.isFinite(x))) throw new UsageError(`--${flag} ${p}: expected key=number or key=n1,n2 (e.g. lr=0.0003, hidden=128,128)`);
    out[m[1]!] = m[2]!.includes(',') || m[1] === 'hidden' ? nums : nums[0]!;
  }
  return out;
}

export async function trainFromFlags(flags: TrainFlags, io: Io): Promise<TrainResult> {
  const temperature = flags.temperature === undefined ? undefined : Number(flags.temperature);
  if (temperature !== undefined && !(temperature >= 0)) throw new UsageError(`--temperature must be a number >= 0, got "${flags.temperature}"`);
  const result = await runTrain(
    {
      algo: flags.algo as AlgoName,
      out: flags.out,
      data: flags.data,
      personas: flags.personas,
      steps: int('steps', flags.steps, 1),
      seed: int('seed', flags.seed, 0) ?? 1,
      finetune: flags.finetune,
      warmSteps: int('warm-steps', flags.warmSteps, 1),
      config: parseSettings('set', flags.set),
      warmConfig: parseSettings('warm-set', flags.warmSet),
      temperature,
      evalEpisodes: int('eval-episodes', flags.evalEpisodes, 1),
      evalEvery: int('eval-every', flags.evalEvery, 1),
      reportEpisodes: int('report-episodes', flags.reportEpisodes, 1),
      patience: int('patience', flags.patience, 0),
      runsDir: flags.runsDir,
      progress: flags.progress !== false,
    },
    (line) => note(io, line),
  );
  if (flags.json) printJson(io, result);
  else {
    const dm = result.sim.dealer_minutes;
    const h = result.baselines.heuristic.dealer_minutes;
    io.stdout.write(
      `${result.algo}: ${result.steps} iterations in ${result.seconds.toFixed(1)} s (${result.cpu_seconds.toFixed(1)} CPU s, ${result.backend}); bundle ${result.out}, run ${result.run_dir}\n` +
        `dealer-minutes ${dm.mean.toFixed(2)} (95% CI ${dm.ci95[0].toFixed(2)}..${dm.ci95[1].toFixed(2)}) vs heuristic ${h.mean.toFixed(2)} on ${result.sim.episodes} conversations (seed ${result.sim.seed})\n`,
    );
  }
  return result;
}
