// Every option of every command that takes a value is parsed by lib/flags.ts: this walks the
// real program (buildProgram), feeds each such option the values its parser refuses, in process
// through main(), and expects one line on stderr that names the option, nothing on stdout and
// exit code 1. Nothing runs: a bad value stops commander before any action.
//
// An option whose every text is valid (a path to write, a name, a secret) is listed in EXEMPT
// with the reason; any other option without a parser fails here, so a new one cannot slip in.
import type { Command, Option } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildProgram, main } from './cli.js';
import { parserOf } from './lib/flags.js';

const EXEMPT: Record<string, string[]> = {
  'a path the command writes (or a folder it creates)': [
    'data import --out',
    'data import --rejects',
    'data label --out',
    'data features --out',
    'sim fit --out',
    'simulate --log',
    'train --out',
    'train --runs-dir',
    'serve --dry-run',
    'export --out',
  ],
  'a SQLite database: serve creates it, the operator commands say how to create a missing one': [
    'serve --db',
    'review list --db',
    'review approve --db',
    'review reject --db',
    'review edit --db',
    'status --db',
    'kill --db',
    'export --db',
  ],
  'a policy bundle folder: loadBundle names the missing file and how to fix it': ['serve --model', 'chat --model', 'evaluate --model'],
  'a baseline name or a bundle folder, resolved (and refused in one line) by the command': ['simulate --policy', 'evaluate --policy', 'loadtest --compare'],
  'free text: a host name, places, secrets, a sender as the gateway reports it': ['serve --host', 'serve --allow', 'data render --places', 'loadtest --token', 'loadtest --signing-key'],
};

const exempt = new Set(Object.values(EXEMPT).flat());

function* commandsOf(c: Command, path: string[] = []): Generator<[string[], Command]> {
  for (const sub of c.commands) {
    const p = [...path, sub.name()];
    yield [p, sub];
    yield* commandsOf(sub, p);
  }
}

interface ValueOption {
  key: string;
  path: string[];
  option: Option;
}

function valueOptions(program: Command): ValueOption[] {
  const out: ValueOption[] = [];
  for (const [path, cmd] of commandsOf(program))
    for (const option of cmd.options) if (option.required || option.optional) out.push({ key: `${path.join(' ')} ${option.long}`, path, option });
  return out;
}

/** What is wrong with the program's options: a value option with neither a parser nor an exemption, or a stale exemption. */
function problems(program: Command): string[] {
  const opts = valueOptions(program);
  const found = new Set(opts.map((o) => o.key));
  return [
    ...opts.filter((o) => !exempt.has(o.key) && !parserOf(o.option)).map((o) => `${o.key}: takes a value but has no parser from lib/flags.ts (give it one, or list it in EXEMPT with a reason)`),
    ...opts.filter((o) => exempt.has(o.key) && parserOf(o.option)).map((o) => `${o.key}: has a parser, so it is not exempt`),
    ...[...exempt].filter((k) => !found.has(k)).map((k) => `${k}: listed in EXEMPT but no such option takes a value`),
  ];
}

async function run(args: string[]): Promise<{ code: number | string | undefined; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  try {
    process.exitCode = undefined;
    await main(['node', 'dealerbot', ...args]);
    return { code: process.exitCode, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('every option that takes a value has a parser', () => {
  it('the real program: no option without a parser or an exemption, no stale exemption', () => {
    expect(problems(buildProgram())).toEqual([]);
    expect(valueOptions(buildProgram()).length).toBeGreaterThan(60);
  });

  it('fails for a new option without a parser', () => {
    const program = buildProgram();
    program.commands.find((c) => c.name() === 'simulate')!.option('--rounds <n>', 'added without a parser');
    expect(problems(program)).toEqual(['simulate --rounds: takes a value but has no parser from lib/flags.ts (give it one, or list it in EXEMPT with a reason)']);
  });
});

describe('a bad value of any option: one line naming it on stderr, exit 1', () => {
  const cases = valueOptions(buildProgram()).filter((o) => !exempt.has(o.key));
  it.each(cases.map((o) => [o.key, o] as const))('%s', async (_key, o) => {
    const bad = parserOf(o.option)!.bad;
    expect(bad.length).toBeGreaterThan(1);
    for (const value of bad) {
      const r = await run([...o.path, `${o.option.long}=${value}`]);
      const what = `${o.key}=${JSON.stringify(value)}`;
      expect(r.code, what).toBe(1);
      expect(r.stdout, what).toBe('');
      const lines = r.stderr.split('\n').filter(Boolean);
      expect(lines, what).toHaveLength(1);
      expect(lines[0], what).toMatch(/^dealerbot: /);
      expect(lines[0], what).toContain(o.option.long!);
      expect(lines[0], what).toContain(value);
    }
  });
});

describe('the values that used to slip through', () => {
  it.each([
    [['data', 'import', 'x.xml', '--gap-days', 'abc'], 'dealerbot: --gap-days must be a number > 0, got "abc"'],
    [['data', 'import', 'chat.txt', '--date-order', 'dym'], 'dealerbot: --date-order must be one of auto, dmy, mdy, ymd, got "dym"'],
    [['data', 'import', 'chat.txt', '--tz', 'CEST'], 'dealerbot: --tz must be an IANA time zone (e.g. Europe/Brussels, UTC), got "CEST"'],
    [['data', 'import', 'chat.txt', '--me', ' '], 'dealerbot: --me must be a participant name, got " "'],
    [['data', 'import', 'x.xml', '--format', 'whatsap'], 'dealerbot: --format must be one of auto, jsonl, csv, sms-backup, twilio-csv, whatsapp, imessage, telegram, got "whatsap"'],
    [['serve', '--model', 'm', '--db', 'b.db', '--mode', 'reveiw'], 'dealerbot: --mode must be one of review, auto, got "reveiw"'],
    [['serve', '--model', 'm', '--db', 'b.db', '--port', '70000'], 'dealerbot: --port must be a port number in [0,65535] (0: any free port), got "70000"'],
    [['serve', '--model', 'm', '--db', 'b.db', '--seed', '-1'], 'dealerbot: --seed must be an integer >= 0, got "-1"'],
    [['train', '--algo', 'ppo', '--out', 'o', '--steps', ''], 'dealerbot: --steps must be an integer >= 1, got ""'],
    [['data', 'render', 'haggle', '--seed', '1.5'], 'dealerbot: --seed must be an integer >= 0, got "1.5"'],
    [['bench', '--only', 'nlu,nope'], 'dealerbot: --only must be one of'],
  ])('%j', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(message);
  });
});
