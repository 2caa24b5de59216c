// Registers the data commands on the CLI. Keep this file light: each command's action imports its
// implementation lazily, so that `dealerbot serve` never loads trainer code and start-up stays fast.
import type { Command } from 'commander';
import { registerCatalogueCommands } from './catalogue/commands.js';
import { registerFeatureCommands } from './features/commands.js';
import { registerImportCommands } from './import/commands.js';
import { registerLabelCommands } from './label/commands.js';
import { registerNluCommands } from './nlu/commands.js';

export function registerDataCommands(program: Command): void {
  const data = program.command('data').description('conversations: import exports, validate, describe, catalogue, features, label');
  registerImportCommands(data);
  registerCatalogueCommands(data);
  registerFeatureCommands(data);
  registerLabelCommands(data);
  // `classify` and `nlu eval` are top-level (DESIGN.md's CLI table)
  registerNluCommands(program);
}
