// Picks the fastest tfjs backend available: tfjs-node (native, optional dependency) when it loads,
// else the WebAssembly backend, else plain JS cpu. Said once on stderr, so a run's log shows which
// backend produced its numbers (seeded runs are only repeatable on the same backend).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

let chosen: Promise<BackendName> | undefined;

export interface BackendOptions {
  /** force one backend (benchmarks, tests); otherwise the best that loads */
  prefer?: BackendName;
  /** where to say which backend was picked; default stderr; null = silent */
  log?: ((line: string) => void) | null;
}

/** Initialises tfjs once and returns the backend in use. Later calls return the first choice. */
export function initBackend(opts: BackendOptions = {}): Promise<BackendName> {
  if (!chosen) chosen = pick(opts);
  return chosen;
}

/** Switches backends explicitly (benchmarks compare wasm with cpu in one process). */
export async function useBackend(name: BackendName): Promise<BackendName> {
  if (name === 'wasm') await registerWasm();
  if (name === 'tensorflow') await import('@tensorflow/tfjs-node' as string);
  if (!(await tf.setBackend(name))) throw new Error(`tfjs backend ${name} failed to initialise`);
  await tf.ready();
  chosen = Promise.resolve(name);
  return name;
}

async function pick(opts: BackendOptions): Promise<BackendName> {
  const log = opts.log === undefined ? (l: string) => process.stderr.write(l + '\n') : opts.log;
  const order: BackendName[] = opts.prefer ? [opts.prefer] : ['tensorflow', 'wasm', 'cpu'];
  const failures: string[] = [];
  for (const name of order) {
    try {
      await useBackend(name);
      log?.(`dealerbot: tfjs backend ${name}${failures.length ? ` (${failures.join('; ')})` : ''}`);
      return name;
    } catch (e) {
      failures.push(`${name} unavailable: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  throw new Error(`no tfjs backend could be initialised: ${failures.join('; ')}`);
}

let wasmRegistered = false;
async function registerWasm(): Promise<void> {
  if (wasmRegistered) return;
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // In Node the .wasm binaries are read from disk; point the loader at the package's dist/.
  const require = createRequire(import.meta.url);
  const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  wasm.setWasmPaths(join(dist, 'dist') + '/');
  wasmRegistered = true;
}
