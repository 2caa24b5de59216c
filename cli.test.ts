// Spawns the built CLI (`npm test` runs tsc before vitest) as a user would.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEncoder } from './core/features/index.js';
import { loadEpisodesFromFile } from './trainer/logged-episodes.js';

const root = new URL('.', import.meta.url).pathname;
const corpus = ['sms-backup.xml', 'calls.xml', 'twilio-messages.csv'].map((f) => join(root, 'data', 'corpus', f));
const cli = (args: string[], cwd: string, env: Record<string, string> = { DEALERBOT_KEY: 'cli-test' }) =>
  spawnSync(process.execPath, [join(root, 'bin', 'dealerbot.js'), ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } });

const oneJson = (stdout: string) => {
  const lines = stdout.split('\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!);
};

describe('dealerbot data (CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dealerbot-cli-'));
  const out = join(dir, 't.jsonl');

  it('import --json prints exactly one JSON object with the contract fields', () => {
    const r = cli(['data', 'import', ...corpus, '--out', out, '--json'], dir);
    expect(r.status, r.stderr).toBe(0);
    const o = oneJson(r.stdout);
    for (const k of ['messages', 'calls', 'skipped', 'rejected', 'conversations', 'counterparts', 'in', 'out', 'out_file']) expect(o).toHaveProperty(k);
    expect(o.out_file).toBe(out);
    expect(o.messages).toBeGreaterThan(100);
  });

  it('stats --json and validate --json describe the transcript', () => {
    const s = cli(['data', 'stats', out, '--json'], dir);
    expect(s.status, s.stderr).toBe(0);
    const o = oneJson(s.stdout);
    expect(o.conversations).toBeGreaterThan(10);
    expect(o.dealer_minutes.ci95[0]).toBeLessThanOrEqual(o.dealer_minutes.mean);
    const v = cli(['data', 'validate', out, '--json'], dir);
    expect(v.status).toBe(0);
    expect(oneJson(v.stdout)).toMatchObject({ valid: true, errors: [] });
  });

  it('validate names file:line of a bad line and exits 1', () => {
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"conversation":"c","counterpart":"+32470112233","ts":"2026-10-03T21:14:00.000Z","direction":"in","kind":"sms","text":"x"}\n');
    const v = cli(['data', 'validate', bad, '--json'], dir);
    expect(v.status).toBe(1);
    expect(oneJson(v.stdout).errors[0]).toMatchObject({ line: 1, reason: expect.stringMatching(/^counterpart: /) });
    expect(v.stderr).toContain(`${bad}:1: counterpart`);
  });

  it('creates a key file when there is no key, and says where on stderr only', () => {
    const r = cli(['data', 'import', corpus[2]!, '--out', join(dir, 'k.jsonl'), '--json'], dir, {});
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(join(dir, '.dealerbot-key'));
    oneJson(r.stdout);
  });

  it('a missing file is a one-line error with exit 1', () => {
    const r = cli(['data', 'import', join(dir, 'nope.xml'), '--json'], dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/nope\.xml: cannot read: no such file/);
  });

  it('an output the file system refuses is a one-line error with exit 1, naming the file', () => {
    const notAFolder = join(dir, 'plain.txt');
    writeFileSync(notAFolder, 'x');
    const target = join(notAFolder, 'out.jsonl');
    const r = cli(['data', 'import', corpus[2]!, '--out', target], dir);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^dealerbot: cannot write ${target.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: `))]);
  });
});

describe('dealerbot data features (CLI)', () => {
  it('writes the vectors training learns from, languages read by the NLU where the log has none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dealerbot-cli-'));
    const log = join(dir, 'sim.jsonl');
    expect(cli(['simulate', '--policy', 'heuristic', '--episodes', '6', '--seed', '4', '--log', log, '--json'], dir).status).toBe(0);
    // a transcript without the 1.2 `lang` field, as imports are
    const file = join(dir, 'no-lang.jsonl');
    const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => {
      const { lang: _, ...e } = JSON.parse(l);
      return JSON.stringify(e);
    });
    writeFileSync(file, lines.join('\n') + '\n');
    const out = join(dir, 'features.jsonl');
    const r = cli(['data', 'features', file, '--out', out, '--json'], dir);
    expect(r.status, r.stderr).toBe(0);
    const summary = oneJson(r.stdout);
    const rows = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { conversation: string; features: Record<string, number> });
    expect(rows).toHaveLength(summary.decisions);
    const { episodes } = await loadEpisodesFromFile(file, { createEncoder });
    expect(episodes.map((e) => e.steps.length).reduce((a, b) => a + b, 0)).toBe(rows.length);
    let k = 0;
    for (const e of episodes) {
      for (const step of e.steps) {
        const row = rows[k++]!;
        expect(row.conversation).toBe(e.id);
        expect(Object.values(row.features)).toEqual(Array.from(step.obs));
      }
    }
    expect(rows.some((row) => row.features.lang_nl === 1 || row.features.lang_en === 1)).toBe(true);
  });
});
