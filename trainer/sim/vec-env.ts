// The batched simulator: many conversations stepped together behind trainer/env.ts's VecEnv,
// with observations from an ObservationEncoder (one per env, made by the given factory) fed
// with the same ObservedEvents a real bot would see. Auto-resets finished conversations.
import type { ObservationEncoder } from '../../core/observation.js';
import { NUM_TACTICS, TACTICS } from '../../core/tactics.js';
import type { EnvBatch, FinishedEpisode, StepBatch, VecEnv } from '../env.js';
import { SimConversation } from './conversation.js';
import type { DealerConfig } from './dealer.js';
import type { PersonaMix } from './persona.js';

export interface SimVecEnvOptions {
  numEnvs: number;
  mix: PersonaMix;
  encoder: () => ObservationEncoder;
  config?: Partial<DealerConfig>;
  /** domain randomisation: SimConversation's personaJitter */
  personaJitter?: number;
}

export class SimVecEnv implements VecEnv {
  readonly numEnvs: number;
  readonly obsSize: number;
  readonly numActions = NUM_TACTICS;
  private readonly convs: SimConversation[];
  private readonly encoders: ObservationEncoder[];
  private readonly returns: Float64Array;
  private seed = 0;
  /** episodes started per env, so each episode has its own seed stream */
  private readonly started: Int32Array;
  private readonly obs: Float32Array;
  private readonly maskBuf: Uint8Array;

  constructor(opts: SimVecEnvOptions) {
    this.numEnvs = opts.numEnvs;
    this.convs = Array.from({ length: opts.numEnvs }, () => new SimConversation({ mix: opts.mix, config: opts.config, personaJitter: opts.personaJitter }));
    this.encoders = Array.from({ length: opts.numEnvs }, opts.encoder);
    this.obsSize = this.encoders[0]!.size;
    this.returns = new Float64Array(opts.numEnvs);
    this.started = new Int32Array(opts.numEnvs);
    this.obs = new Float32Array(opts.numEnvs * this.obsSize);
    this.maskBuf = new Uint8Array(opts.numEnvs * NUM_TACTICS);
  }

  reset(seed: number): EnvBatch {
    this.seed = seed;
    this.started.fill(0);
    for (let i = 0; i < this.numEnvs; i++) this.begin(i);
    return { obs: this.obs.slice(), mask: this.maskBuf.slice() };
  }

  step(actions: Int32Array): StepBatch {
    const n = this.numEnvs;
    const reward = new Float32Array(n);
    const done = new Uint8Array(n);
    const truncated = new Uint8Array(n);
    const finished: FinishedEpisode[] = [];
    for (let i = 0; i < n; i++) {
      const a = actions[i]!;
      const conv = this.convs[i]!;
      if (!this.maskBuf[i * NUM_TACTICS + a]) throw new Error(`env ${i}: action ${a} (${TACTICS[a]}) is masked`);
      const r = conv.step(a);
      const enc = this.encoders[i]!;
      enc.push(conv.events[conv.events.length - 1 - r.events.length]!);
      for (const e of r.events) enc.push(e);
      reward[i] = r.reward;
      this.returns[i] += r.reward;
      if (r.done) {
        done[i] = 1;
        truncated[i] = r.truncated ? 1 : 0;
        const s = conv.sim;
        finished.push({
          env: i,
          return: this.returns[i]!,
          length: s.decisions,
          info: { calls: s.calls, no_shows: s.noShows, burned: s.burned ? 1 : 0, messages: s.messages },
        });
        this.begin(i);
      } else this.write(i);
    }
    return { obs: this.obs.slice(), mask: this.maskBuf.slice(), reward, done, truncated, finished };
  }

  /** The conversation behind env i (for logging and for privileged planners). */
  conversation(i: number): SimConversation {
    return this.convs[i]!;
  }

  private begin(i: number): void {
    const conv = this.convs[i]!;
    const first = conv.reset(`${this.seed}:${i}:${this.started[i]!++}`);
    const enc = this.encoders[i]!;
    enc.reset();
    for (const e of first) enc.push(e);
    // the initial reward (the promo) is not the result of a decision: counted in returns only
    this.returns[i] = conv.sim.reward;
    this.write(i);
  }

  private write(i: number): void {
    this.encoders[i]!.write(this.obs, i * this.obsSize);
    this.convs[i]!.sim.mask(this.maskBuf.subarray(i * NUM_TACTICS, (i + 1) * NUM_TACTICS));
  }
}
