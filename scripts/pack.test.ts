// What `npm pack` puts in the tarball (issue 20: before the `files` list, dist/ was not in it and
// 84 test files were). Read from `npm pack --dry-run --json` (npm's own list, without running
// prepack: `npm test` has just built dist/), so a `files` entry that leaves out something the
// CLI loads, or lets tests and their helpers in, fails here and not only in `npm run pack:check`
// (scripts/pack-check.sh, CI: installs the tarball in an empty folder and runs the CLI).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

describe('npm pack', () => {
  it('ships the built CLI and everything it imports, and no tests, test helpers, sources or source maps', () => {
    expect(existsSync(join(ROOT, 'dist', 'cli.js')), 'dist/ is not built: run `npx tsc -p .` first').toBe(true);
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const files = new Set((JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path));
    expect([...files].filter((f) => f.startsWith('dist/')).length).toBeGreaterThan(100);
    for (const f of ['bin/dealerbot.js', 'dist/cli.js', 'package.json', 'README.md', 'models/default/policy.json', 'catalogue/catalogue.json']) expect(files, f).toContain(f);
    const unwanted = [...files].filter(
      (f) => /\.test\.|(^|\/)test-files\.js$|^nlu\/test-fixtures\//.test(f) || f.endsWith('.map') || (f.endsWith('.ts') && !f.endsWith('.d.ts')),
    );
    expect(unwanted).toEqual([]);
    // every relative import of every shipped module is shipped too (static and dynamic imports)
    const missing: string[] = [];
    for (const f of files) {
      if (!/\.m?js$/.test(f)) continue;
      const code = readFileSync(join(ROOT, f), 'utf8');
      for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm)) {
        const target = normalize(join(dirname(f), m[1]!));
        if (!files.has(target)) missing.push(`${f} → ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  }, 60_000);
});
