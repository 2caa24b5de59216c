import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packagePath } from '../lib/package-root.js';
import { runDialogueEval } from './run-eval.js';

const root = packagePath();
const bin = packagePath('bin', 'dealerbot.js');
const dev = packagePath('data', 'dialogue', 'extraction-dev.jsonl');
const run = (args: string[], input?: string) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', input });

// A stand-in held-out file: the real one is scored only as a whole, never opened by tests.
const dir = mkdtempSync(join(tmpdir(), 'dealerbot-dialogue-'));
const fakeHeldOut = join(dir, 'extraction-heldout.jsonl');
writeFileSync(fakeHeldOut, '{"id":"h1","text":"secret text coke 60","lang":"en","expect":{"products":["weed"]}}\n');

describe('dealerbot dialogue (built CLI)', () => {
  beforeAll(() => {
    if (!existsSync(packagePath('dist', 'cli.js'))) execFileSync('npx', ['tsc', '-p', '.'], { cwd: root, stdio: 'pipe' });
  }, 120_000);

  it('read into a pipe that closes early (| head) stops quietly with status 0', () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `coke ${50 + (i % 20)} de gram, om 22u aan de kerk`).join('\n') + '\n';
    const dir2 = mkdtempSync(join(tmpdir(), 'dealerbot-pipe-'));
    const input = join(dir2, 'in.txt');
    writeFileSync(input, lines);
    const sh = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${bin}" dialogue read < "${input}" | head -1 >/dev/null`], { cwd: root, encoding: 'utf8' });
    expect(sh.stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(sh.status, sh.stderr).toBe(0);
  });

  it('eval --file --json prints one JSON object with per-slot figures and the misses', () => {
    const r = run(['dialogue', 'eval', '--file', dev, '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const o = JSON.parse(r.stdout) as { file: { messages: number; held_out: boolean; slots: { slot: string; precision: number }[]; misses: unknown[] } };
    expect(o.file.messages).toBe(419);
    expect(o.file.held_out).toBe(false);
    expect(o.file.slots.map((s) => s.slot)).toEqual(['products', 'prices', 'deals', 'quantities', 'times', 'places', 'questions', 'name']);
    expect(Array.isArray(o.file.misses)).toBe(true);
  });

  it('a held-out file gets figures only: no misses, no texts, in JSON and in the table', () => {
    const j = run(['dialogue', 'eval', '--file', fakeHeldOut, '--json']);
    expect(j.status, j.stderr).toBe(0);
    expect(j.stdout).not.toContain('secret');
    expect(JSON.parse(j.stdout).file).not.toHaveProperty('misses');
    const t = run(['dialogue', 'eval', '--file', fakeHeldOut]);
    expect(t.status).toBe(0);
    expect(t.stdout).toContain('products');
    expect(t.stdout).not.toContain('secret');
    expect(t.stdout).not.toContain('misses');
  });

  it('eval with no file scores dev, and the held-out file as a whole or says it is not written yet', () => {
    const r = run(['dialogue', 'eval']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('dev (');
    expect(r.stdout).toMatch(/heldout \(|heldout: .*extraction-heldout\.jsonl does not exist/);
    const j = run(['dialogue', 'eval', '--json']);
    expect(j.status, j.stderr).toBe(0);
    const o = JSON.parse(j.stdout) as { dev: unknown; heldout?: { misses?: unknown }; heldout_missing?: string };
    expect(o.dev).toBeDefined();
    expect(Boolean(o.heldout) !== Boolean(o.heldout_missing)).toBe(true);
    expect(o.heldout?.misses).toBeUndefined();
  });

  it('a missing file is a one-line error with exit 1', () => {
    const r = run(['dialogue', 'eval', '--file', join(dir, 'nope.jsonl')]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('read: one JSON reading per input line', () => {
    const r = run(['dialogue', 'read'], 'coke 60\n\nom 22u aan de Meir\n');
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    // no marker word in "coke 60": a tie, read as Dutch (the Antwerp default)
    expect(lines).toEqual([
      { text: 'coke 60', lang: 'nl', products: ['coke'], prices: [{ amount: 60, qty: null, unit: null, product: 'coke' }] },
      { text: 'om 22u aan de Meir', lang: 'nl', times: [{ kind: 'clock', hour: 22, minute: 0 }], places: ['Meir'] },
    ]);
  });
});

describe('runDialogueEval', () => {
  it('scores dev with misses and held-out without, from the paths it is given', () => {
    const r = runDialogueEval({ dev, heldout: fakeHeldOut });
    expect(r.dev!.misses).toBeDefined();
    expect(r.heldout!.held_out).toBe(true);
    expect(r.heldout).not.toHaveProperty('misses');
    expect(JSON.stringify(r.heldout)).not.toContain('secret');
    expect(r.heldout!.slots.find((s) => s.slot === 'products')).toMatchObject({ expected: 1, predicted: 1, tp: 0 });
    expect(r.heldout_missing).toBeUndefined();
  });

  it('a held-out file that does not exist yet: dev only, and a note saying why', () => {
    const absent = join(dir, 'extraction-heldout-absent.jsonl');
    const r = runDialogueEval({ dev, heldout: absent });
    expect(r.dev!.messages).toBe(419);
    expect(r).not.toHaveProperty('heldout');
    expect(r.heldout_missing).toContain(absent);
    expect(r.heldout_missing).toContain('does not exist');
  });
});
