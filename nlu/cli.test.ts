import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { packagePath } from '../lib/package-root.js';

// The CLI contract: `classify` writes JSON lines and nothing else on stdout (natural's index
// would print a dotenv line there), one per input line; `nlu eval --json` one JSON object.
const root = packagePath();
const bin = packagePath('bin', 'dealerbot.js');

describe('dealerbot classify / nlu eval (built CLI)', () => {
  beforeAll(() => {
    // only when missing: rebuilding dist/ while other test files run the CLI from it breaks them
    if (!existsSync(packagePath('dist', 'cli.js'))) execFileSync('npx', ['tsc', '-p', '.'], { cwd: root, stdio: 'pipe' });
  }, 120_000);

  it('classify emits exactly one JSON object per stdin line on stdout', () => {
    const input = ['STOP', 'wat kost 1 gram?', '', 'I know where you live', 'ik ben 15', '🔥 nieuwe voorraad 🔥', 'wrong number\r'].join('\n') + '\n';
    const r = spawnSync(process.execPath, [bin, 'classify'], { cwd: root, input, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(7);
    const out = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const o of out) expect(Object.keys(o)).toEqual(['text', 'act', 'confidence', 'lang', 'safety', 'safety_reason', 'promo']);
    expect(out.map((o) => o.safety)).toEqual(['stop', null, null, 'escalate', 'escalate', null, 'stop']);
    expect(out[6]!.text).toBe('wrong number');
    const withFlag = spawnSync(process.execPath, [bin, 'classify', '--json'], { cwd: root, input: 'verkeerd nummer\n', encoding: 'utf8' });
    expect(JSON.parse(withFlag.stdout)).toMatchObject({ act: 'opt_out', safety: 'stop' });
  });

  it('nlu eval --json prints one JSON object with the held-out figures', () => {
    const r = spawnSync(process.execPath, [bin, 'nlu', 'eval', '--json'], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const ev = JSON.parse(r.stdout) as { macro_f1: number; per_act: unknown[]; safety: Record<string, { recall: number }> };
    expect(ev.per_act).toHaveLength(14);
    expect(ev.macro_f1).toBeGreaterThanOrEqual(0.85);
    expect(Object.values(ev.safety).map((s) => s.recall)).toEqual([1, 1, 1]);
  });
});
