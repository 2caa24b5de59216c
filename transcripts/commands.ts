// Registers the transcript commands (`data import|stats|validate`, `data label`) under the `data`
// group. Keep this file light: each command's action imports its implementation lazily, so that
// `dealerbot serve` never loads trainer code and start-up stays fast.
import type { Command } from 'commander';
import { registerImportCommands } from './import/commands.js';
import { registerLabelCommands } from './label/commands.js';

export function registerTranscriptCommands(data: Command): void {
  registerImportCommands(data);
  registerLabelCommands(data);
}
