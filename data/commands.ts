// Registers the data commands on the CLI. Keep this file light: each command's action imports its
// implementation lazily, so that `dealerbot serve` never loads trainer code and start-up stays fast.
import type { Command } from 'commander';
import { registerNluCommands } from './nlu/commands.js';

export function registerDataCommands(program: Command): void {
  registerNluCommands(program);
}
