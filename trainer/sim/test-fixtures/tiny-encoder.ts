// Test helper: a tiny ObservationEncoder (counts and the last act), standing in for the real
// feature encoder that lives in core/features/.
import { ACT_INDEX, DEALER_ACTS } from '../../../core/acts.js';
import type { ObservationEncoder, ObservedEvent } from '../../../core/observation.js';

export class TinyEncoder implements ObservationEncoder {
  readonly names = ['in_events', 'out_events', 'hours', ...DEALER_ACTS.map((a) => `last_${a}`)];
  readonly size = this.names.length;
  private ins = 0;
  private outs = 0;
  private first = NaN;
  private last = 0;
  private act = -1;
  reset(): void {
    this.ins = this.outs = 0;
    this.first = NaN;
    this.act = -1;
  }
  push(e: ObservedEvent): void {
    if (Number.isNaN(this.first)) this.first = e.tMs;
    this.last = e.tMs;
    if (e.direction === 'in') {
      this.ins++;
      if (e.act) this.act = ACT_INDEX[e.act];
    } else this.outs++;
  }
  write(out: Float32Array, offset = 0): void {
    out.fill(0, offset, offset + this.size);
    out[offset] = this.ins;
    out[offset + 1] = this.outs;
    out[offset + 2] = (this.last - this.first) / 3_600_000;
    if (this.act >= 0) out[offset + 3 + this.act] = 1;
  }
}
