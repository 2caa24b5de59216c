// CLI registration of `dealerbot train`. The implementation (tfjs, the simulator) loads lazily.
import type { Command } from 'commander';
import { processIo } from '../../lib/console.js';
import { choice, integer, number, option, readableFile, settings } from '../../lib/flags.js';
import { ALGOS } from '../algos/learner.js';

export function registerTrainCommands(program: Command): void {
  program
    .command('train')
    .description('train a policy (offline from logs or online in the simulator) and export a policy bundle')
    .addOption(option('--algo <algo>', 'bc | cql | dqn | ppo', choice(ALGOS)).makeOptionMandatory())
    .requiredOption('--out <dir>', 'folder for the policy bundle')
    .addOption(option('--data <file>', 'transcript v1 to learn from (bc, cql; ppo: behaviour-cloning warm start)', readableFile()))
    .addOption(option('--personas <file>', 'persona mix JSON for the simulator (default: the bundled default mix)', readableFile()))
    .addOption(option('--steps <n>', 'iterations of the algorithm', integer({ min: 1 })))
    .addOption(option('--seed <s>', 'seed (same seed and backend: same weights)', integer({ min: 0 }), 1))
    .option('--finetune', 'cql: continue online in the simulator after the offline phase')
    .addOption(option('--warm-steps <n>', 'gradient steps of the offline phase (ppo --data, cql --finetune)', integer({ min: 1 })))
    .addOption(option('--set <key=value...>', 'algorithm hyper-parameter, e.g. lr=0.0003 hidden=128,128 numEnvs=32 (repeatable; keys: *_DEFAULTS in trainer/algos/)', settings()))
    .addOption(option('--warm-set <key=value...>', 'hyper-parameter of the offline phase (repeatable)', settings()))
    .addOption(option('--temperature <t>', 'softmax temperature written into the bundle (logits policies)', number({ min: 0 })))
    .addOption(option('--eval-episodes <n>', 'conversations per evaluation during training', integer({ min: 1 }), 300))
    .addOption(option('--eval-every <n>', 'iterations between evaluations', integer({ min: 1 })))
    .addOption(option('--report-episodes <n>', 'conversations per policy in the final comparison', integer({ min: 1 }), 2000))
    .addOption(option('--patience <n>', 'evaluations without improvement before stopping early (0 = never)', integer({ min: 0 }), 0))
    .option('--runs-dir <dir>', 'folder that holds runs/<id>/', 'runs')
    .option('--json', 'print one JSON object on stdout')
    .option('--no-progress', 'no progress bar on stderr')
    .action(async (flags) => {
      const { trainFromFlags } = await import('./flags.js');
      await trainFromFlags(flags, processIo);
    });
}
