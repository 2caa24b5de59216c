// Registers the trainer commands on the CLI. Keep this file light: each command's action imports its
// implementation lazily, so that `dealerbot serve` never loads trainer code and start-up stays fast.
import type { Command } from 'commander';
import { registerEvaluateCommands } from './ope/commands.js';
import { registerReportCommands } from './report/commands.js';
import { registerSimCommands } from './sim/commands.js';
import { registerTrainCommands } from './train/commands.js';

export function registerTrainerCommands(program: Command): void {
  registerSimCommands(program);
  registerReportCommands(program);
  registerEvaluateCommands(program);
  registerTrainCommands(program);
}
