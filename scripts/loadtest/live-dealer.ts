// One simulated dealer talking to the live bot: the simulator's dealer model (DealerSim, text
// level) driven by the bot's real replies instead of by a policy in the same process. Each reply
// is read back to a tactic by the nearest catalogue template (transcripts/label's TacticMatcher) and
// played into the simulator; what the dealer answers comes out as messages to send after a
// delay in simulated time. Pure: no I/O and no timers (simulate-against.ts schedules).
//
// What the bot does not answer within the silence window of a dealer turn counts as one
// `go_silent` (the runtime logs a wait and sends nothing, so from the dealer's side a silence is
// all there is to see); after that the dealer waits for the bot's own follow-ups, which the
// runtime sends on the same decision schedule as the simulator (core/schedule.ts).
// Calls count in the simulator's dealer-minutes; with `calls` on they are reported to the bot as
// a gateway that reports calls does (the generic webhook's kind call), so the runtime logs them
// and its policy sees them as the in-process one does. Meetings are not sent: the runtime infers
// them from his messages (dialogue/state/attended.ts).
// Time: given the bot's clock (bot-clock.ts: serve's instants on the local wall clock the
// simulator's clock means), the dealer writes his promo when the bot's clock next shows the local
// time his simulator drew, and his simulator takes each reply at the moment it arrived, held by
// serve's quiet hours or not; so he meets the night at the same local hours as the in-process
// dealer with his seed, and his reply delays, workload and nights run on the bot's clock.
import { DEALER_ACTS } from '../../core/acts.js';
import type { TacticMatcher } from '../../transcripts/label/tactic-matcher.js';
import { Rng } from '../../lib/random.js';
import { NUM_TACTICS, TACTICS, TACTIC_INDEX, type Tactic } from '../../core/tactics.js';
import type { DealerText } from '../../trainer/sim/dealer-text.js';
import { DealerSim, EV_CALL, EV_SMS, type DealerConfig } from '../../trainer/sim/dealer.js';
import { pickPersona } from '../../trainer/sim/conversation.js';
import type { Persona, PersonaMix } from '../../trainer/sim/persona.js';
import { episodeResult, type EpisodeResult } from '../../trainer/sim/simulate.js';

export interface DealerMessage {
  /** simulated ms after the moment the dealer reacted (a reply arrived, or the silence began) */
  afterMs: number;
  text: string;
  act: string;
  /** a call instead of a message: how long it was connected (gateways that report calls) */
  call?: { durationS: number };
}

export interface ReadReply {
  /** the tactic the catalogue matcher read; null for a reply without letters or digits */
  read: Tactic | null;
  /** the tactic played into the simulator (the read one, or the runner-up / a fallback when the
   * simulator's preconditions do not allow it yet) */
  played: Tactic;
  confidence: number;
  messages: DealerMessage[];
}

const GO_SILENT = TACTIC_INDEX.go_silent;
const DAY = 86_400_000;

export class LiveDealer {
  readonly sim: DealerSim;
  private readonly mask = new Uint8Array(NUM_TACTICS);
  private firstMs = 0;
  /** replies whose tactic the simulator's preconditions did not allow (played the fallback) */
  disallowed = 0;
  /** silences the dealer noticed (played as go_silent) */
  silences = 0;
  /** replies read */
  replies = 0;
  /** also return his calls (as messages with `call`) */
  calls = false;
  /** his clock minus the bot's (whole days; set by start when given the bot's clock, else NaN) */
  private offsetMs = NaN;

  constructor(
    readonly persona: Persona,
    seed: string | Rng,
    private readonly matcher: TacticMatcher,
    text: DealerText,
    config: Partial<DealerConfig> = {},
  ) {
    this.sim = new DealerSim(typeof seed === 'string' ? new Rng(seed) : seed, { ...config, text: true }, text);
  }

  /**
   * The dealer of in-process episode `seed` (`${runSeed}:${k}`): persona and every draw after it
   * come from one generator, as SimConversation.reset does, so the live dealer k and the
   * in-process dealer k are the same person until the bots' answers differ.
   */
  static of(mix: PersonaMix, seed: string, matcher: TacticMatcher, text: DealerText, config: Partial<DealerConfig> = {}): LiveDealer {
    const rng = new Rng(seed);
    return new LiveDealer(pickPersona(mix, rng), rng, matcher, text, config);
  }

  get done(): boolean {
    return this.sim.done;
  }

  /**
   * The dealer's promotion, which opens the conversation: now, or, given `botNowMs` (the bot's
   * clock, bot-clock.ts), at the next moment within a day that the bot's clock shows the local
   * time of day his simulator drew for it; his clock then runs that many whole days from the bot's.
   */
  start(botNowMs = NaN): DealerMessage[] {
    this.sim.reset(this.persona);
    this.firstMs = this.sim.tMs;
    if (Number.isNaN(botNowMs)) return this.collect(this.sim.tMs);
    const ahead = this.sim.tMs - botNowMs;
    this.offsetMs = ahead - (((ahead % DAY) + DAY) % DAY);
    return this.collect(botNowMs + this.offsetMs);
  }

  /**
   * The bot wrote `text`: read its tactic, play it, return the dealer's answer. `botNowMs`: when
   * it arrived on the bot's clock (after start was given the clock): his simulator takes our
   * message as sent then instead of timing it itself.
   */
  onReply(text: string, botNowMs = NaN): ReadReply {
    if (this.sim.done) throw new Error('LiveDealer.onReply after the conversation ended');
    this.replies++;
    const m = this.matcher.match(text, this.persona.lang);
    this.sim.mask(this.mask);
    let played: Tactic;
    if (m && this.mask[TACTIC_INDEX[m.tactic]]) played = m.tactic;
    else {
      this.disallowed++;
      const second = m?.runnerUp?.tactic;
      // a reply is a message, never a silence: the first allowed tactic that writes something
      played = second && second !== 'go_silent' && this.mask[TACTIC_INDEX[second]] ? second : fallback(this.mask);
    }
    const at = botNowMs + this.offsetMs;
    this.sim.step(TACTIC_INDEX[played], at);
    // his answer is timed from now (at), also when the reply came in while he was still writing
    return { read: m?.tactic ?? null, played, confidence: m?.confidence ?? 0, messages: this.collect(Number.isNaN(at) ? this.sim.sentMs : at) };
  }

  /** The bot stayed quiet for `waitedMs` (simulated): play go_silent. */
  onSilence(waitedMs: number): DealerMessage[] {
    if (this.sim.done) throw new Error('LiveDealer.onSilence after the conversation ended');
    this.silences++;
    this.sim.step(GO_SILENT);
    // the simulator's silence starts at its decision; the dealer has already waited `waitedMs` of it
    return this.collect(this.sim.sentMs + waitedMs);
  }

  /** The episode's figures, as the in-process simulator reports them. */
  result(lastMs = this.sim.tMs): EpisodeResult {
    return episodeResult(this.sim, this.firstMs, lastMs);
  }

  private collect(fromMs: number): DealerMessage[] {
    const s = this.sim;
    const out: DealerMessage[] = [];
    for (let i = 0; i < s.evCount; i++) {
      const afterMs = Math.max(0, s.evT[i]! - fromMs);
      const act = DEALER_ACTS[s.evAct[i]!]!;
      if (s.evKind[i] === EV_SMS) out.push({ afterMs, text: s.evText[i]!, act });
      else if (this.calls && s.evKind[i] === EV_CALL) out.push({ afterMs, text: '', act, call: { durationS: Math.round(s.evDuration[i]!) } });
    }
    return out;
  }
}

function fallback(mask: Uint8Array): Tactic {
  for (let i = 0; i < NUM_TACTICS; i++) if (mask[i] && i !== GO_SILENT) return TACTICS[i]!;
  return 'show_interest';
}
