import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url).pathname;
const hasClang = ['clang', 'wasm-ld'].every((tool) => spawnSync(tool, ['--version']).status === 0);
const KERNELS = [
  { source: 'trainer/ope/forest-kernels.c', binary: 'trainer/ope/forest-kernels.wasm.ts' },
  { source: 'models/dense-kernel.c', binary: 'models/dense-kernel.wasm.ts' },
];
const embedded = (file: string): string => /'([A-Za-z0-9+/=]+)'/.exec(readFileSync(file, 'utf8'))![1]!;

describe('scripts/build-kernels.sh', () => {
  // Runs everywhere, clang or not: a C file edited without rebuilding its binary fails here.
  it.each(KERNELS)('$binary was built from the current $source', ({ source, binary }) => {
    const recorded = /^\/\/ source sha256: ([0-9a-f]{64})$/m.exec(readFileSync(join(root, binary), 'utf8'))?.[1];
    const actual = createHash('sha256').update(readFileSync(join(root, source))).digest('hex');
    expect(recorded, `${binary} has no "source sha256" line: run scripts/build-kernels.sh`).toBeDefined();
    expect(recorded, `${source} changed since ${binary} was built: run scripts/build-kernels.sh (needs clang, lld)`).toBe(actual);
  });

  // The binaries are committed so that installing needs no C compiler, and CI machines have
  // none: the check that they match their C runs wherever clang and wasm-ld are installed.
  it.skipIf(!hasClang)('the committed WebAssembly is what it makes of the C sources', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kernels-'));
    execFileSync(join(root, 'scripts/build-kernels.sh'), [dir], { stdio: 'pipe' });
    for (const { binary: file } of KERNELS) {
      expect(embedded(join(dir, file.split('/').pop()!)), file).toBe(embedded(join(root, file)));
    }
  });
});
