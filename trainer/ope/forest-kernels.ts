// The WebAssembly build of forest-kernels.c and the memory its callers lay their arrays out in.
// One instance per process, instantiated on first use. The kernels read and write only their
// linear memory, so a caller leases regions of it (typed views for its own loops, byte offsets
// for the kernels) and releases them when done; leases do not nest (nothing here needs it).
import { FOREST_KERNELS_WASM } from './forest-kernels.wasm.js';

export interface ForestKernels {
  move_rows(from: number, to: number, yFrom: number, yTo: number, N: number, features: number, kv: number, order: number, lo: number, hi: number, range: number, m: number): void;
  leaves_of(nodes: number, root: number, x: number, starts: number, n: number, leaves: number): void;
}

type Kind = 'f32' | 'f64' | 'i32';
type ViewOf<K extends Kind> = K extends 'f64' ? Float64Array : K extends 'f32' ? Float32Array : Int32Array;
export type RegionSpec = Record<string, readonly [Kind, number]>;

export interface Lease<S extends RegionSpec> {
  /** each region as a typed view (valid until release) */
  view: { [K in keyof S]: ViewOf<S[K][0]> };
  /** each region's byte offset, what the kernels take */
  ptr: { [K in keyof S]: number };
  kernels: ForestKernels;
  release(): void;
}

const PAGE = 65_536;
/** build-kernels.sh gives the kernels a 4 KiB stack, which ends at byte 5,120: regions start above it */
const HEAP_BASE = 8_192;

let module: { memory: WebAssembly.Memory; kernels: ForestKernels } | undefined;
let leased = false;

function load(): { memory: WebAssembly.Memory; kernels: ForestKernels } {
  if (!module) {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const compiled = new WebAssembly.Module(Buffer.from(FOREST_KERNELS_WASM, 'base64'));
    const instance = new WebAssembly.Instance(compiled, { env: { memory } });
    module = { memory, kernels: instance.exports as unknown as ForestKernels };
  }
  return module;
}

/** Regions of the kernels' memory for `spec` (kind and length of each), 8-byte aligned. */
export function leaseKernelMemory<S extends RegionSpec>(spec: S): Lease<S> {
  if (leased) throw new Error('forest kernels: memory already leased (leases do not nest)');
  const { memory, kernels } = load();
  const ptr: Record<string, number> = {};
  let end = HEAP_BASE;
  for (const [name, [kind, length]] of Object.entries(spec)) {
    ptr[name] = end;
    end += Math.ceil(((kind === 'f64' ? 8 : 4) * length) / 8) * 8;
  }
  const have = memory.buffer.byteLength;
  if (end > have) memory.grow(Math.ceil((end - have) / PAGE));
  // views after growing: growing detaches the old buffer
  const buffer = memory.buffer;
  const view: Record<string, Float32Array | Float64Array | Int32Array> = {};
  for (const [name, [kind, length]] of Object.entries(spec)) {
    const C = kind === 'f64' ? Float64Array : kind === 'f32' ? Float32Array : Int32Array;
    view[name] = new C(buffer, ptr[name]!, length);
  }
  leased = true;
  return {
    view: view as Lease<S>['view'],
    ptr: ptr as Lease<S>['ptr'],
    kernels,
    release: () => {
      leased = false;
    },
  };
}
