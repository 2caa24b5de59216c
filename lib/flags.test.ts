import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { UsageError } from './errors.js';
import { choice, httpUrl, integer, list, matching, number, option, parserOf, port, positiveNumber, probability, readableFile, settings } from './flags.js';

describe('value parsers', () => {
  it('integer: accepts integers in range, names the flag, the range and the text otherwise', () => {
    expect(integer({ min: 1 }).parse('--episodes', '300')).toBe(300);
    expect(integer({ min: 0 }).parse('--seed', '0')).toBe(0);
    for (const bad of ['x', '', ' ', '2.5', '0', '0x10', 'Infinity']) expect(() => integer({ min: 1 }).parse('--episodes', bad)).toThrow(`--episodes must be an integer >= 1, got "${bad}"`);
    expect(() => integer({ min: 1, max: 5 }).parse('--n', '6')).toThrow('--n must be an integer in [1,5], got "6"');
    expect(() => integer({ min: 1 }).parse('--n', 'x')).toThrow(UsageError);
  });

  it('number, positiveNumber, probability', () => {
    expect(number({ min: 0 }).parse('--temperature', '0.5')).toBe(0.5);
    expect(() => number({ min: 0 }).parse('--temperature', '-1')).toThrow('--temperature must be a number >= 0, got "-1"');
    expect(positiveNumber().parse('--time-scale', '1e3')).toBe(1000);
    for (const bad of ['0', '-2', '', 'fast']) expect(() => positiveNumber().parse('--time-scale', bad)).toThrow(`--time-scale must be a number > 0, got "${bad}"`);
    expect(probability().parse('--epsilon', '0.3')).toBe(0.3);
    for (const bad of ['x', '', '1.5', '-0.1']) expect(() => probability().parse('--epsilon', bad)).toThrow(`--epsilon must be a number in [0,1], got "${bad}"`);
  });

  it('port: 1..65535, or also 0 (any free port) where a command allows it', () => {
    expect(port().parse('--port', '8080')).toBe(8080);
    expect(() => port().parse('--port', '0')).toThrow('--port must be a port number in [1,65535], got "0"');
    expect(port({ free: true }).parse('--port', '0')).toBe(0);
    expect(() => port({ free: true }).parse('--port', '65536')).toThrow('--port must be a port number in [0,65535] (0: any free port), got "65536"');
  });

  it('choice, list of choices, pattern, URL', () => {
    const mode = choice(['review', 'auto'] as const);
    expect(mode.parse('--mode', 'auto')).toBe('auto');
    expect(() => mode.parse('--mode', 'reveiw')).toThrow('--mode must be one of review, auto, got "reveiw"');
    expect(list(choice(['nlu', 'sim'])).parse('--only', ' nlu, sim,')).toEqual(['nlu', 'sim']);
    expect(() => list(choice(['nlu', 'sim'])).parse('--only', 'nlu,simm')).toThrow('--only must be one of nlu, sim, got "simm"');
    expect(() => list(choice(['nlu'])).parse('--only', ',')).toThrow('--only must be a comma-separated list, got ","');
    expect(matching(/^[A-Z]{2}$/i, 'a two-letter region code').parse('--region', 'nl')).toBe('nl');
    expect(() => httpUrl().parse('--against', 'localhost:8080')).toThrow('--against must be a URL starting with http:// or https://, got "localhost:8080"');
  });

  it('readableFile: an existing, readable file, not a folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dealerbot-flags-'));
    const f = join(dir, 'x.json');
    writeFileSync(f, '{}');
    expect(readableFile().parse('--data', f)).toBe(f);
    expect(() => readableFile().parse('--data', join(dir, 'nope.json'))).toThrow(`--data ${join(dir, 'nope.json')}: no such file`);
    expect(() => readableFile().parse('--data', dir)).toThrow(`--data ${dir}: is a folder, not a file`);
    expect(() => readableFile().parse('--data', '')).toThrow('--data must be a readable file, got ""');
  });

  it('settings: key=number or key=n1,n2, accumulated over repeats', () => {
    const s = settings();
    const once = s.parse('--set', 'lr=0.0003');
    expect(s.parse('--set', 'hidden=128,64', once)).toEqual({ lr: 0.0003, hidden: [128, 64] });
    for (const bad of ['nope', 'lr=', '=5', 'lr=abc', 'lr=1,,2']) expect(() => s.parse('--set', bad)).toThrow(`--set ${bad}: expected key=number or key=n1,n2`);
  });

  it('every parser refuses the texts it lists as bad (the CLI test relies on them)', () => {
    const parsers = [integer({ min: 1 }), integer({ min: 0, max: 9 }), number({ above: 0 }), probability(), port(), port({ free: true }), choice(['a', 'b']), list(choice(['a'])), httpUrl(), readableFile(), settings()];
    for (const p of parsers) {
      expect(p.bad.length).toBeGreaterThan(1);
      for (const bad of p.bad) expect(() => p.parse('--x', bad), JSON.stringify(bad)).toThrow(UsageError);
    }
  });
});

describe('option()', () => {
  const program = () =>
    new Command()
      .exitOverride()
      .addOption(option('--episodes <n>', 'conversations', integer({ min: 1 }), 1000))
      .addOption(option('--set <key=value...>', 'settings', settings()));

  it('parses the value, keeps a typed default and lets the parser be found again', () => {
    expect(program().parse(['--episodes', '7'], { from: 'user' }).opts()).toEqual({ episodes: 7 });
    expect(program().parse([], { from: 'user' }).opts()).toEqual({ episodes: 1000 });
    expect(program().parse(['--set', 'lr=1', 'hidden=8', '--set', 'gamma=0.5'], { from: 'user' }).opts().set).toEqual({ lr: 1, hidden: 8, gamma: 0.5 });
    const o = program().options.find((x) => x.long === '--episodes')!;
    expect(parserOf(o)?.bad).toContain('abc');
  });

  it("throws the parser's UsageError through commander unchanged (one line in the CLI, exit 1)", () => {
    expect(() => program().parse(['--episodes', 'many'], { from: 'user' })).toThrow(new UsageError('--episodes must be an integer >= 1, got "many"'));
  });
});
