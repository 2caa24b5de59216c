// `dealerbot train` flags → runTrain options, and the result on stdout (JSON or a few lines).
import { type Io, note, printJson } from '../../lib/console.js';
import type { Settings } from '../../lib/flags.js';
import type { AlgoName } from '../algos/learner.js';
import { runTrain, type TrainResult } from './run-train.js';

/** The values of `dealerbot train`, already parsed by the CLI (lib/flags.ts). */
export interface TrainFlags {
  algo: AlgoName;
  out: string;
  data?: string;
  personas?: string;
  steps?: number;
  seed?: number;
  finetune?: boolean;
  warmSteps?: number;
  set?: Settings;
  warmSet?: Settings;
  temperature?: number;
  evalEpisodes?: number;
  evalEvery?: number;
  reportEpisodes?: number;
  patience?: number;
  runsDir?: string;
  json?: boolean;
  progress?: boolean;
}

export async function trainFromFlags(flags: TrainFlags, io: Io): Promise<TrainResult> {
  const result = await runTrain(
    {
      algo: flags.algo,
      out: flags.out,
      data: flags.data,
      personas: flags.personas,
      steps: flags.steps,
      seed: flags.seed ?? 1,
      finetune: flags.finetune,
      warmSteps: flags.warmSteps,
      config: flags.set,
      warmConfig: flags.warmSet,
      temperature: flags.temperature,
      evalEpisodes: flags.evalEpisodes,
      evalEvery: flags.evalEvery,
      reportEpisodes: flags.reportEpisodes,
      patience: flags.patience,
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
        `dealer-minutes ${dm.mean.toFixed(2)} (95% CI ${dm.ci95[0].toFixed(2)}..${dm.ci95[1].toFixed(2)}, ${(result.sim.no_show_share * 100).toFixed(1)}% from no-shows) vs heuristic ${h.mean.toFixed(2)} on ${result.sim.episodes} conversations (seed ${result.sim.seed})\n`,
    );
  }
  return result;
}
