// Bundled files (corpus, catalogue, personas, default model) live in the source tree, not in
// dist/; this finds the package root from either place.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('dealerbot: cannot find the package root (package.json)');
    dir = up;
  }
  return (cached = dir);
}

/** Path of a file shipped with the package, e.g. packagePath('data', 'corpus', 'x.xml'). */
export function packagePath(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}
