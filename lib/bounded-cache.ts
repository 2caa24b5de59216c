// Results of a pure function of a short text, kept for the texts seen last, so that a long-running
// process neither grows with every new text nor computes the same answer twice in a row. Dealers
// broadcast one promo to many numbers and repeat themselves ("waar zijt ge?", "??"), and the
// runtime reads one text several times per decision (classify, the dialogue state, the meeting rule).
// Only texts up to `maxKeyLength` are kept: an MMS body can be megabytes, and a cache of them
// would hold them all.

export interface BoundedCacheOptions {
  /** entries kept; the oldest kept is dropped for a new one */
  capacity: number;
  /** longer keys are computed every time and not kept */
  maxKeyLength: number;
}

/** `fn` with its answers kept for the last `capacity` keys (what `fn` returns must not be mutated by callers). */
export function cachedByText<V>(fn: (key: string) => V, o: BoundedCacheOptions): ((key: string) => V) & { readonly size: number } {
  const kept = new Map<string, V>();
  const cached = (key: string): V => {
    if (key.length > o.maxKeyLength) return fn(key);
    if (kept.has(key)) return kept.get(key) as V;
    const v = fn(key);
    kept.set(key, v);
    if (kept.size > o.capacity) kept.delete(kept.keys().next().value!);
    return v;
  };
  return Object.defineProperty(cached, 'size', { get: () => kept.size }) as typeof cached & { readonly size: number };
}
