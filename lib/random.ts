// Seeded randomness, injected everywhere (simulator, training, rendering, exploration) so that a
// seed reproduces a run. sfc32: small, fast in 32-bit JS arithmetic, passes PractRand to 2^40+.

/** Everything an Rng holds: restoring it continues the stream exactly where it stopped. */
export interface RngState {
  a: number;
  b: number;
  c: number;
  d: number;
  /** the second normal of the last Marsaglia pair, not yet handed out */
  spare: number | null;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare: number | null = null;

  constructor(seed: number | string = 1) {
    const s = typeof seed === 'string' ? hashString(seed) : seed >>> 0;
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = s ^ 0xdeadbeef;
    for (let i = 0; i < 15; i++) this.nextU32();
  }

  /** A copy of the generator's state (JSON-safe), e.g. to persist it across restarts. */
  getState(): RngState {
    return { a: this.a, b: this.b, c: this.c, d: this.d, spare: this.spare };
  }

  /** Continues from a state taken with getState(); refuses anything that is not one. */
  setState(s: RngState): void {
    if (!isRngState(s)) throw new TypeError('not an Rng state: {a, b, c, d} 32-bit integers and spare (number or null)');
    this.a = s.a | 0;
    this.b = s.b | 0;
    this.c = s.c | 0;
    this.d = s.d | 0;
    this.spare = s.spare;
  }

  static fromState(s: RngState): Rng {
    const r = new Rng(0);
    r.setState(s);
    return r;
  }

  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  bool(p = 0.5): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** Standard normal (Marsaglia polar). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u: number, v: number, s: number;
    do {
      u = this.next() * 2 - 1;
      v = this.next() * 2 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * m;
    return u * m;
  }

  /** Log-normal with the given log-space mean and sd. */
  logNormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.normal());
  }

  /** Index drawn from unnormalised non-negative weights. */
  categorical(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i]!;
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]!;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** An independent stream derived from this one and a label (stable for a given seed). */
  fork(label: string | number): Rng {
    return new Rng((this.nextU32() ^ hashString(String(label))) >>> 0);
  }
}

export function isRngState(x: unknown): x is RngState {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as Record<string, unknown>;
  const word = (v: unknown) => Number.isInteger(v) && (v as number) >= -(2 ** 31) && (v as number) < 2 ** 32;
  return word(s.a) && word(s.b) && word(s.c) && word(s.d) && (s.spare === null || (typeof s.spare === 'number' && Number.isFinite(s.spare)));
}

/** FNV-1a 32-bit, for deriving seeds from labels. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
