// Per-sender token buckets: a dealer (or an attacker) flooding the webhook gets 429s instead of
// filling the store and the outbox. Old buckets are forgotten so memory stays bounded.

export class RateLimiter {
  private buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {}

  /** true if `key` may make one more request now. */
  take(key: string): boolean {
    const now = this.now();
    const b = this.buckets.get(key);
    const rate = this.perMinute / 60_000;
    const tokens = b ? Math.min(this.perMinute, b.tokens + (now - b.at) * rate) : this.perMinute;
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: now });
      return false;
    }
    if (!b && this.buckets.size >= this.maxKeys) this.prune(now);
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    return true;
  }

  private prune(now: number): void {
    const full = 60_000; // a bucket untouched for a minute is full again: forgetting it is exact
    for (const [k, b] of this.buckets) if (now - b.at >= full) this.buckets.delete(k);
    if (this.buckets.size >= this.maxKeys) this.buckets.clear();
  }
}
