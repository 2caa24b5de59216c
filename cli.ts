// dealerbot CLI: thin. It builds the commander program from each area's commands and turns
// errors into one line on stderr with exit code 1 (process.exitCode, never process.exit), phone
// numbers redacted (an error may quote an input).
import { Command, CommanderError } from 'commander';
import { DealerbotError, systemErrorLine } from './lib/errors.js';
import { redactNumbers } from './lib/redact.js';
import { registerTranscriptCommands } from './transcripts/commands.js';
import { registerCatalogueCommands } from './catalogue/commands.js';
import { registerFeatureCommands } from './core/features/commands.js';
import { registerNluCommands } from './nlu/commands.js';
import { registerDialogueCommands } from './dialogue/commands.js';
import { registerTrainerCommands } from './trainer/commands.js';
import { registerRuntimeCommands } from './runtime/commands.js';
import { registerScriptCommands } from './scripts/commands.js';

export function buildProgram(): Command {
  const program = new Command('dealerbot')
    .description(
      'Keeps drug dealers who push promotional SMS busy in conversations that lead nowhere.\n' +
        'Researchers: import, simulate, train, evaluate. Operators: serve, chat, review, export.',
    )
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const data = program.command('data').description('conversations: import exports, validate, describe, catalogue, features, label');
  registerTranscriptCommands(data);
  registerCatalogueCommands(data);
  // the features of messages without a logged language use the NLU's detector, as training does
  registerFeatureCommands(data, async () => {
    const { loadClassifier } = await import('./nlu/classifier.js');
    const nlu = loadClassifier();
    return { detectLang: (text) => nlu.classify(text).lang };
  });
  // `classify` and `nlu eval` are top-level (DESIGN.md's CLI table)
  registerNluCommands(program);
  registerDialogueCommands(program);
  registerTrainerCommands(program);
  registerRuntimeCommands(program);
  registerScriptCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  // `dealerbot … | head`: the reader of our output has gone; stop quietly, as Unix tools do,
  // instead of an unhandled EPIPE and a stack trace
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(0);
  });
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    process.exitCode = exitCodeFor(e);
  }
}

function exitCodeFor(e: unknown): number {
  if (e instanceof CommanderError) {
    // help and version "errors" are successes; commander already printed the message
    return e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : 1;
  }
  if (e instanceof DealerbotError) {
    process.stderr.write(`dealerbot: ${redactNumbers(e.message)}\n`);
    return 1;
  }
  // a full disk, a missing folder, a locked or damaged database: the user's to fix, in one line
  const line = systemErrorLine(e);
  if (line) {
    process.stderr.write(`dealerbot: ${redactNumbers(line)}\n`);
    return 1;
  }
  const msg = e instanceof Error ? (e.stack ?? e.message) : String(e);
  process.stderr.write(`dealerbot: internal error: ${redactNumbers(msg)}\n`);
  return 2;
}
