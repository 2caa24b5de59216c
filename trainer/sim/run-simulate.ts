// `dealerbot simulate`: flag values → simulatePolicy → the DESIGN.md summary (and a transcript log).
import { closeSync, existsSync, openSync, statSync, writeSync } from 'node:fs';
import { type Io, note, printJson } from '../../lib/console.js';
import { UsageError } from '../../lib/errors.js';
import { defaultPersonaMix, loadPersonaMix } from './persona.js';
import { BASELINES, baselinePolicy } from './policies/index.js';
import type { Policy } from './policies/policy.js';
import { simulatePolicy, type SimulateSummary } from './simulate.js';

/** Typed values (the CLI parses them, lib/flags.ts); absent ones take the defaults of `dealerbot simulate`. */
export interface SimulateFlags {
  policy: string;
  episodes?: number;
  seed?: number;
  personas?: string;
  epsilon?: number;
  log?: string;
  text?: boolean;
  json?: boolean;
}

/** A baseline name, `constant:TACTIC`, or a policy bundle folder. */
export async function resolvePolicy(name: string): Promise<Policy> {
  if (!(BASELINES as readonly string[]).includes(name) && existsSync(name) && statSync(name).isDirectory()) {
    const { bundlePolicy } = await import('./policies/encoded.js');
    return bundlePolicy(name);
  }
  return baselinePolicy(name);
}

export async function runSimulate(flags: SimulateFlags, io: Io): Promise<SimulateSummary> {
  const { episodes = 1000, seed = 1, epsilon = 0 } = flags;
  const mix = flags.personas ? loadPersonaMix(flags.personas) : defaultPersonaMix();
  const policy = await resolvePolicy(flags.policy);
  let fd: number | undefined;
  if (flags.log) {
    try {
      fd = openSync(flags.log, 'w');
    } catch (e) {
      throw new UsageError(`--log ${flags.log}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
  }
  const started = Date.now();
  let lastNote = started;
  try {
    const summary = simulatePolicy(policy, {
      mix,
      episodes,
      seed,
      epsilon,
      text: flags.text,
      onConversation: fd === undefined ? undefined : (events) => writeSync(fd!, events.map((e) => JSON.stringify(e)).join('\n') + '\n'),
      onProgress: (done, total) => {
        const now = Date.now();
        if (now - lastNote >= 2000 || (done === total && now - started >= 2000)) {
          lastNote = now;
          note(io, `simulate: ${done}/${total} conversations (${((now - started) / 1000).toFixed(0)} s)`);
        }
      },
    });
    if (flags.json) printJson(io, summary);
    else {
      const dm = summary.dealer_minutes;
      note(io, '');
      io.stdout.write(
        `policy ${summary.policy} on ${summary.personas} personas, ${summary.episodes} conversations (seed ${seed}${epsilon ? `, epsilon ${epsilon}` : ''})\n` +
          `dealer-minutes ${dm.mean.toFixed(2)} (95% CI ${dm.ci95[0].toFixed(2)}..${dm.ci95[1].toFixed(2)})\n` +
          `per conversation: ${summary.dealer_messages.toFixed(1)} messages, ${summary.calls.toFixed(2)} calls, ` +
          `${summary.no_shows.toFixed(2)} no-shows, ${summary.span_hours.toFixed(1)} h; burn rate ${(summary.burn_rate * 100).toFixed(1)}%\n` +
          (flags.log ? `transcript: ${flags.log}\n` : ''),
      );
    }
    return summary;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
