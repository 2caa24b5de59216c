// The single-conversation environment: reset(seed) → the dealer's first events; step(tactic) →
// the dealer's events since, elapsed time, dealer-minutes, done. Events come out as
// ObservedEvent (what an encoder and a policy see, the same shape the runtime produces) and can
// be turned into transcript v1 events for logging.
import { DEALER_ACTS } from '../../core/acts.js';
import { UsageError } from '../../lib/errors.js';
import type { ObservedEvent } from '../../core/observation.js';
import { Rng } from '../../lib/random.js';
import { NUM_TACTICS, TACTICS, TACTIC_INDEX, isTactic, parseTactic, type Tactic } from '../../core/tactics.js';
import { DealerSim, EV_CALL, EV_KIND_NAMES, EV_MEETING, type DealerConfig, type Ending, type Stage } from './dealer.js';
import type { DealerText } from './dealer-text.js';
import { jitterPersona, type Persona, type PersonaMix } from './persona.js';

export interface StepInfo {
  persona: string;
  stage: Stage;
  ending: Ending;
  suspicion: number;
  annoyance: number;
  decisions: number;
  no_shows: number;
}

export interface SimStep {
  /** the dealer's events since our decision (our own out event is in `conversation.events`) */
  events: ObservedEvent[];
  elapsedMs: number;
  /** dealer-minutes earned by this decision (core/reward.ts) */
  reward: number;
  /** the conversation is over (ended or truncated) */
  done: boolean;
  /** cut by the episode cap rather than ended by the dealer */
  truncated: boolean;
  info: StepInfo;
}

export interface ConversationOptions {
  mix: PersonaMix;
  config?: Partial<DealerConfig>;
  text?: DealerText;
  /** domain randomisation (training): every conversation's persona jittered by jitterPersona at this scale; 0 = the mix as it is */
  personaJitter?: number;
}

/** Picks a persona from a mix by weight. */
export function pickPersona(mix: PersonaMix, rng: Rng): Persona {
  const ws = mix.personas.map((p) => p.weight);
  return mix.personas[rng.categorical(ws)]!.persona;
}

export class SimConversation {
  readonly sim: DealerSim;
  /** the whole conversation so far, ours and the dealer's */
  readonly events: ObservedEvent[] = [];
  private readonly mix: PersonaMix;
  private readonly jitter: number;
  private readonly maskBuf = new Uint8Array(NUM_TACTICS);

  constructor(opts: ConversationOptions) {
    this.mix = opts.mix;
    this.jitter = opts.personaJitter ?? 0;
    this.sim = new DealerSim(new Rng(0), opts.config, opts.text);
  }

  get persona(): Persona {
    return this.sim.persona;
  }
  get done(): boolean {
    return this.sim.done;
  }

  /** Starts conversation `seed` (persona drawn from the mix with the same seed). */
  reset(seed: number | string, persona?: Persona): ObservedEvent[] {
    const rng = new Rng(seed);
    this.sim.rng = rng;
    const p = persona ?? pickPersona(this.mix, rng);
    // the jitter has its own stream: the dealer's draws are those of the unjittered conversation
    this.sim.reset(this.jitter > 0 ? jitterPersona(p, this.jitter, new Rng(`${seed}:jitter`)) : p);
    this.events.length = 0;
    return this.collect();
  }

  /** Allowed tactics now (1 = allowed, TACTICS order). The returned buffer is reused. */
  mask(): Uint8Array {
    return this.sim.mask(this.maskBuf);
  }

  step(tactic: Tactic | number): SimStep {
    const t = typeof tactic === 'number' ? tactic : tacticIndexOf(tactic);
    if (!(t >= 0 && t < NUM_TACTICS)) throw new UsageError(`tactic index ${t} out of range 0..${NUM_TACTICS - 1}`);
    if (this.sim.done) throw new UsageError('step() after the conversation ended; call reset()');
    if (!this.mask()[t]) throw new UsageError(`tactic "${TACTICS[t]}" is not allowed now (core/preconditions.ts)`);
    const before = this.sim.tMs;
    this.sim.step(t);
    this.events.push({ tMs: Math.floor(this.sim.sentMs), direction: 'out', kind: TACTICS[t] === 'go_silent' ? 'wait' : 'sms', tactic: TACTICS[t]!, text: '', chars: 0 });
    const events = this.collect();
    const s = this.sim;
    return {
      events,
      elapsedMs: s.tMs - before,
      reward: s.reward,
      done: s.done,
      truncated: s.truncated,
      info: {
        persona: s.persona.id,
        stage: s.stageName,
        ending: s.endingName,
        suspicion: s.suspicion,
        annoyance: s.annoyance,
        decisions: s.decisions,
        no_shows: s.noShows,
      },
    };
  }

  /** Copies the last step's dealer events out of the simulator's buffer. */
  private collect(): ObservedEvent[] {
    const s = this.sim;
    const out: ObservedEvent[] = [];
    const text = s.cfg.text;
    for (let i = 0; i < s.evCount; i++) {
      const kind = s.evKind[i]!;
      const e: ObservedEvent = {
        // whole milliseconds, as in a transcript's ts, so live and replayed features agree
        tMs: Math.floor(s.evT[i]!),
        direction: 'in',
        kind: EV_KIND_NAMES[kind]!,
        act: DEALER_ACTS[s.evAct[i]!]!,
        chars: s.evLen16[i]!,
        lang: s.persona.lang,
      };
      if (kind === EV_CALL) e.duration_s = s.evDuration[i]!;
      if (text && kind !== EV_CALL && kind !== EV_MEETING) e.text = s.evText[i]!;
      else e.text = '';
      out.push(e);
      this.events.push(e);
    }
    return out;
  }
}

/** Tactic index from a name, with a clear error for a bad name. */
export function tacticIndexOf(name: string): number {
  if (isTactic(name)) return TACTIC_INDEX[name];
  const r = parseTactic(name);
  throw new UsageError(r.ok ? `bad tactic ${name}` : r.error);
}
