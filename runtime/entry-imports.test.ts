// The runtime must start without loading trainer (or simulator) code: walk the static and
// dynamic relative imports reachable from the runtime's entry points and check none is in trainer/.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const stack = [resolve(ROOT, entry)];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const target = resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts'));
      if (existsSync(target)) stack.push(target);
      else if (existsSync(target.replace(/\.ts$/, '/index.ts'))) stack.push(target.replace(/\.ts$/, '/index.ts'));
    }
  }
  return seen;
}

describe('runtime entry', () => {
  it.each(['runtime/commands.ts', 'runtime/serve/serve-command.ts', 'runtime/operator/chat.ts', 'runtime/operator/operator-commands.ts'])(
    '%s reaches no trainer/ module',
    (entry) => {
      const files = [...reachable(entry)].map((f) => relative(ROOT, f));
      expect(files).toContain(entry);
      expect(files.filter((f) => f.startsWith('trainer/'))).toEqual([]);
    },
  );

  it('the walker does find trainer/ modules where they are imported', () => {
    const files = [...reachable('cli.ts')].map((f) => relative(ROOT, f));
    expect(files).toContain('trainer/commands.ts');
  });
});
