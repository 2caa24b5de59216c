import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url).pathname;
const hasClang = ['clang', 'wasm-ld'].every((tool) => spawnSync(tool, ['--version']).status === 0);
const embedded = (file: string): string => /'([A-Za-z0-9+/=]+)'/.exec(readFileSync(file, 'utf8'))![1]!;

describe('scripts/build-kernels.sh', () => {
  // The binaries are committed so that installing needs no C compiler, and CI machines have
  // none: the check that they match their C runs wherever clang and wasm-ld are installed.
  it.skipIf(!hasClang)('the committed WebAssembly is what it makes of the C sources', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kernels-'));
    execFileSync(join(root, 'scripts/build-kernels.sh'), [dir], { stdio: 'pipe' });
    for (const file of ['trainer/ope/forest-kernels.wasm.ts', 'models/dense-kernel.wasm.ts']) {
      expect(embedded(join(dir, file.split('/').pop()!)), file).toBe(embedded(join(root, file)));
    }
  });
});
