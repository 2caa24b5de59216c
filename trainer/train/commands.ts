// CLI registration of `dealerbot train`. The implementation (tfjs, the simulator) loads lazily.
import type { Command } from 'commander';
import { processIo } from '../../lib/console.js';

export function registerTrainCommands(program: Command): void {
  program
    .command('train')
    .description('train a policy (offline from logs or online in the simulator) and export a policy bundle')
    .requiredOption('--algo <algo>', 'bc | cql | dqn | ppo')
    .requiredOption('--out <dir>', 'folder for the policy bundle')
    .option('--data <file>', 'transcript v1 to learn from (bc, cql; ppo: behaviour-cloning warm start)')
    .option('--personas <file>', 'persona mix JSON for the simulator (default: the bundled default mix)')
    .option('--steps <n>', 'iterations of the algorithm')
    .option('--seed <s>', 'seed (same seed and backend: same weights)', '1')
    .option('--finetune', 'cql: continue online in the simulator after the offline phase')
    .option('--warm-steps <n>', 'gradient steps of the offline phase (ppo --data, cql --finetune)')
    .option('--set <key=value...>', 'algorithm hyper-parameter, e.g. lr=0.0003 hidden=128,128 numEnvs=32 (repeatable)')
    .option('--warm-set <key=value...>', 'hyper-parameter of the offline phase (repeatable)')
    .option('--temperature <t>', 'softmax temperature written into the bundle (logits policies)')
    .option('--eval-episodes <n>', 'conversations per evaluation during training', '300')
    .option('--eval-every <n>', 'iterations between evaluations')
    .option('--report-episodes <n>', 'conversations per policy in the final comparison', '2000')
    .option('--patience <n>', 'evaluations without improvement before stopping early (0 = never)', '0')
    .option('--runs-dir <dir>', 'folder that holds runs/<id>/', 'runs')
    .option('--json', 'print one JSON object on stdout')
    .option('--no-progress', 'no progress bar on stderr')
    .action(async (flags) => {
      const { trainFromFlags } = await import('./flags.js');
      await trainFromFlags(flags, processIo);
    });
}
