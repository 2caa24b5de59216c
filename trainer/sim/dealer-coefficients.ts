// Every number of the dealer model, named: what each tactic does to a simulated dealer
// (TACTIC_EFFECTS, keyed by tactic name) and the constants of his reactions (DEALER). dealer.ts
// holds the equations (docs/simulator.md) and reads its coefficients from here only; the persona
// (persona.ts, personas/*.json) holds what differs between dealers, these are the same for all.
//
// Units: suspicion s and annoyance a live on [0, 1]. "ΔS" and "ΔA" are raw increments of one
// decision: they are summed, multiplied by the persona's suspicionGain / annoyanceGain, and
// added to s and a (clipped to [0, 1]). "p" is a probability; times are in the unit their
// name says. A trait is a persona parameter: greed and callProb in [0, 1], chattiness in [0, 3].
//
// Changing a number changes the simulator, and with it every trained policy, benchmark and
// pinned figure: dealer.test.ts pins the current output for fixed seeds and will fail; record
// the new figures there in the same commit, and update docs/simulator.md.
import { TACTICS, type Tactic } from '../../core/tactics.js';

/** Deal stages, in order (the dealer's hidden progress of the sale). */
export const STAGES = ['open', 'menu', 'price', 'arrange', 'meet', 'after'] as const;
export type Stage = (typeof STAGES)[number];

/** −1: out of place at this stage; 0: neutral; +1: plausible progress (effects: DEALER.fit). */
export type StageFit = -1 | 0 | 1;

/** Persona traits a tactic's effect can depend on. */
export type Trait = 'greed' | 'chattiness' | 'callProb';

/** What one tactic does to the dealer's state, every time we play it. */
export interface TacticEffect {
  /** how the tactic fits each stage of the deal */
  fit: Record<Stage, StageFit>;
  /** ΔS of the tactic itself */
  suspicion: number;
  /** ΔA of the tactic itself */
  annoyance: number;
  /**
   * ΔS instead of `suspicion` while the dealer is barely suspicious (s below `below`): reassuring
   * someone who had no doubt makes him wonder. null: always `suspicion`.
   */
  whenUnsuspicious: { below: number; suspicion: number } | null;
  /**
   * a dealer with this trait likes the tactic: liking = min(1, trait / full) ∈ [0, 1]; he minds
   * its repetition less (DEALER.repetition.likingRelief). null: liking 0.
   */
  likedFor: { trait: Trait; full: number } | null;
  /**
   * extra ΔS and ΔA for a dealer short of the trait: `suspicion`·u and `annoyance`·u with
   * u = max(0, 1 − trait / full) (haggling annoys a dealer who is not greedy). null: none.
   */
  unwelcome: { trait: Trait; full: number; suspicion: number; annoyance: number } | null;
  /** a new story (late, rescheduled, away): adds DEALER.excuse.suspicionPerExcuse × the excuses so far */
  excuse: boolean;
}

/** The probabilities of the dealer's answer to each tactic (dealer.ts, `answerTactic`); {} where the persona alone decides. */
export interface TacticAnswers {
  /** open or menu stage: he asks what we want with p `askOrder`, else describes the product; later always asks */
  show_interest: { askOrder: number };
  /** describes the product; adds his price in a second message with p = greed */
  ask_menu: Record<string, never>;
  /** states the price */
  ask_price: Record<string, never>;
  /** a price with p = `price` + `pricePerGreed`·greed (else annoyed); after a price, a meeting proposal with p = `proposePerGreed`·greed */
  haggle: { price: number; pricePerGreed: number; proposePerGreed: number };
  /** describes the product */
  ask_quality: Record<string, never>;
  /** proposes a place once a price is known or when he delivers; else asks what we want */
  ask_location: Record<string, never>;
  /**
   * agrees (stage open excluded) with p = meetProb·(1 − s)·`perNoShow`^noShows·DEALER.reschedule.perMove^moves,
   * × `beforePrice` while no price was named; else asks what we want (before a price) or repeats his price
   */
  propose_meeting: { perNoShow: number; beforePrice: number };
  /** agrees when he proposed a meeting that is not agreed yet; else "other" */
  confirm_meeting: Record<string, never>;
  /** annoyed */
  running_late: Record<string, never>;
  /**
   * calls off an agreed meeting; proposes another with p = meetProb·(1 − s)·DEALER.reschedule.perMove^moves
   * (moves: agreed meetings we called off before they happened, this one included), else annoyed
   */
  reschedule: Record<string, never>;
  /** repeats his last substantive message (product, price or place) with p `repeat`, else annoyed */
  misunderstand: { repeat: number };
  /** chats back ("other") with p = min(1, chattiness / `chatFull`), else asks what we want */
  small_talk: { chatFull: number };
  /**
   * calls with p = callProb·(1 − s), announcing it by text first with p `announce`; refused:
   * annoyed with p `annoyed`, else "other"
   */
  ask_call: { announce: number; annoyed: number };
  /** asks what we want (open, menu), else "other" */
  reassure: Record<string, never>;
  /** when he answers a silence at all (DEALER.silence.replyPerGreed): "??" ("other") with p `other`, else his promo again */
  go_silent: { other: number };
  /** proposes a meeting with p `propose` once a price is known (not after a no-show), else asks what we want; after a no-show, back to arranging */
  apologize_return: { propose: number };
}

export type TacticCoefficients = { readonly [K in Tactic]: TacticEffect & { answer: TacticAnswers[K] } };

const none = { whenUnsuspicious: null, likedFor: null, unwelcome: null, excuse: false } as const;

// prettier-ignore
export const TACTIC_EFFECTS: TacticCoefficients = {
  show_interest: { ...none, fit: { open: 1, menu: 0, price: -1, arrange: -1, meet: -1, after: -1 }, suspicion: 0, annoyance: 0, answer: { askOrder: 0.6 } },
  ask_menu: { ...none, fit: { open: 1, menu: 1, price: 0, arrange: -1, meet: -1, after: -1 }, suspicion: 0, annoyance: 0, answer: {} },
  ask_price: { ...none, fit: { open: 0, menu: 1, price: 0, arrange: 0, meet: -1, after: -1 }, suspicion: 0, annoyance: 0, answer: {} },
  haggle: {
    ...none, fit: { open: -1, menu: 0, price: 1, arrange: 0, meet: -1, after: -1 }, suspicion: 0, annoyance: -0.02,
    likedFor: { trait: 'greed', full: 1 },
    unwelcome: { trait: 'greed', full: 1, suspicion: 0, annoyance: 0.14 },
    answer: { price: 0.3, pricePerGreed: 0.7, proposePerGreed: 0.5 },
  },
  ask_quality: { ...none, fit: { open: 0, menu: 1, price: 0, arrange: 0, meet: -1, after: -1 }, suspicion: 0, annoyance: 0, answer: {} },
  ask_location: { ...none, fit: { open: -1, menu: 0, price: 1, arrange: 1, meet: 0, after: 0 }, suspicion: 0, annoyance: 0, answer: {} },
  propose_meeting: { ...none, fit: { open: -1, menu: 0, price: 1, arrange: 1, meet: 0, after: 0 }, suspicion: 0, annoyance: 0, answer: { perNoShow: 0.35, beforePrice: 0.5 } },
  confirm_meeting: { ...none, fit: { open: -1, menu: 0, price: 0, arrange: 1, meet: 1, after: 0 }, suspicion: 0, annoyance: 0, answer: {} },
  running_late: { ...none, fit: { open: -1, menu: -1, price: -1, arrange: -1, meet: 1, after: -1 }, suspicion: 0, annoyance: 0, excuse: true, answer: {} },
  // moving a meeting that is still ahead is no progress (it was +1, and policies learnt to agree and
  // move, agree and move); after a no-show it is the way back to a new one
  reschedule: { ...none, fit: { open: -1, menu: -1, price: -1, arrange: 0, meet: 0, after: 1 }, suspicion: 0, annoyance: 0, excuse: true, answer: {} },
  misunderstand: { ...none, fit: { open: 0, menu: 0, price: 0, arrange: 0, meet: 0, after: 0 }, suspicion: 0.03, annoyance: 0.08, answer: { repeat: 0.7 } },
  small_talk: {
    ...none, fit: { open: 0, menu: 0, price: 0, arrange: 0, meet: 0, after: 0 }, suspicion: 0.015, annoyance: -0.02,
    likedFor: { trait: 'chattiness', full: 1.5 },
    unwelcome: { trait: 'chattiness', full: 1.2, suspicion: 0, annoyance: 0.1 },
    answer: { chatFull: 1.5 },
  },
  ask_call: {
    ...none, fit: { open: 0, menu: 0, price: 0, arrange: 0, meet: 0, after: 0 }, suspicion: 0, annoyance: 0,
    likedFor: { trait: 'callProb', full: 1 },
    unwelcome: { trait: 'callProb', full: 1, suspicion: 0.06, annoyance: 0 },
    answer: { announce: 0.4, annoyed: 0.5 },
  },
  reassure: { ...none, fit: { open: 0, menu: 0, price: 0, arrange: 0, meet: 0, after: 1 }, suspicion: -0.05, annoyance: 0, whenUnsuspicious: { below: 0.25, suspicion: 0.04 }, answer: {} },
  // a wait, not a message: no repetition, overuse or double-texting terms; the silence itself is DEALER.silence
  go_silent: { ...none, fit: { open: 0, menu: 0, price: 0, arrange: 0, meet: 0, after: 0 }, suspicion: -0.03, annoyance: 0, answer: { other: 0.5 } },
  apologize_return: { ...none, fit: { open: 0, menu: 0, price: 0, arrange: 0, meet: 0, after: 1 }, suspicion: 0, annoyance: 0, excuse: true, answer: { propose: 0.4 } },
};

/** The dealer's reactions that do not belong to one tactic. */
export const DEALER = {
  /** the promo arrives on one of the first `days` days of the calendar, between `firstHour` and `firstHour + hours` */
  start: { days: 28, firstHour: 10, hours: 12 },
  /** go_silent: we wait hours instead of writing */
  silence: {
    /** its length is go_silent's delay profile in the catalogue, as in the runtime */
    /** annoyance fades during the silence: a ← a·exp(−silence / decayHours) */
    annoyanceDecayHours: 12,
    /** patience lost to the silence */
    patienceCost: 0.3,
    /** added to the drop hazard after a silence */
    dropHazard: 0.05,
    /** the dealer writes during the silence with p = replyProb·(1 − annoyance cut)·replyPerGreed·greed: a greedy one chases the sale */
    replyPerGreed: 0.6,
  },
  /** the same tactic again: run k' = min(k, maxRun)·(1 − likingRelief·liking); ΔS += suspicion·k', ΔA += annoyance·k' */
  repetition: { maxRun: 3, likingRelief: 0.7, suspicion: 0.035, annoyance: 0.045 },
  /** a tactic used more than `freeUses` times in a conversation: ΔS += suspicionPerUse per use beyond */
  overuse: { freeUses: 4, suspicionPerUse: 0.015 },
  /** writing again while our last messages are unanswered: ΔA += annoyancePerUnanswered per unanswered message */
  doubleText: { annoyancePerUnanswered: 0.05 },
  /** stage fit (TACTIC_EFFECTS[τ].fit) */
  fit: {
    /** −1: ΔS and ΔA of an out-of-place tactic */
    misfitSuspicion: 0.06,
    misfitAnnoyance: 0.08,
    /** +1: ΔA of plausible progress (negative: it calms him) and the patience it gives back (capped at the persona's) */
    progressAnnoyance: -0.04,
    progressPatience: 2,
    /** 0: patience lost to a neutral exchange */
    neutralPatienceCost: 1,
  },
  test: {
    /** he tests us ("who are you?") once per conversation, when s > atShareOfBurn·burnAt, with p = testStrangers */
    atShareOfBurn: 0.45,
    /** our next decision: ΔS if we reassure, ΔS if we write anything else (a silence: 0) */
    reassured: -0.2,
    ignored: 0.12,
  },
  /**
   * he proposed a time or place (meet_propose): if our next decision neither accepts, counters,
   * moves it, calls nor stays silent, he reads it as not listening. Not fitted to logs (none
   * carry it yet); set so that ignoring one proposal costs about what ignoring a "who are you?"
   * does, half in annoyance.
   */
  proposal: { ignoredSuspicion: 0.06, ignoredAnnoyance: 0.08 },
  /**
   * we call off an agreed meeting before it happens (a move): ΔA = annoyancePerMove × the moves so
   * far (this one included), and his readiness to fix another falls by perMove per move. Not fitted
   * to logs (none carry enough moves yet); set so that the second move costs about what an
   * ignored proposal does and a third is rarely answered with a new time.
   */
  reschedule: { annoyancePerMove: 0.04, perMove: 0.6 },
  /** every excuse (TACTIC_EFFECTS[τ].excuse) adds ΔS = suspicionPerExcuse × the number of excuses so far */
  excuse: { suspicionPerExcuse: 0.025 },
  /** he calls us out when s + noise·N(0, 1) ≥ burnAt */
  burn: { noise: 0.05 },
  /**
   * he gives up on us with hazard base + perSuspicion·s (+ outOfPatience when patience ≤ 0,
   * + silence.dropHazard after go_silent), or when a ≥ giveUpAt: a goodbye with p `goodbye`, else a silent block
   */
  drop: { base: 0.01, perSuspicion: 0.04, outOfPatience: 0.3, goodbye: 0.6 },
  /**
   * he answers with p = replyProb·(1 − annoyanceCut·a), × the persona's doubleTextReply when we write
   * again while our last message is unanswered; no answer: we decide again after core/schedule.ts's
   * follow-up delay
   */
  reply: { annoyanceCut: 0.6 },
  /** extra messages after an answer: while U < c (c = chattiness, −1 each): one more, the same act with p `sameAct` (else "other"), after a log-normal gap (log-mean gapMu, log-sd gapSigma minutes) */
  extras: { sameAct: 0.5, gapMu: -0.3, gapSigma: 0.6 },
  /** replies that would fall in [fromHour, toHour) arrive after toHour plus U·jitterMinutes */
  night: { fromHour: 3, toHour: 9, jitterMinutes: 60 },
  call: {
    /** a caller phones by himself, instead of answering by text, with p = callProb / spontaneousDivisor (not after ask_call) */
    spontaneousDivisor: 3,
    /** p a call connects (else missed, 0 s); connected length: log-normal seconds, log-mean callMu (persona), log-sd durationSigma.
     *  0 while no gateway the runtime uses can take a call: every call is a missed call (the reward's callBase) in both worlds */
    connected: 0,
    durationSigma: 0.6,
    /** each call annoys: a += annoyancePerCall × calls so far × annoyanceGain */
    annoyancePerCall: 0.03,
  },
  meeting: {
    /** an agreed meeting is leadMinutes + U·leadSpanMinutes after his confirmation */
    leadMinutes: 20,
    leadSpanMinutes: 40,
    /** he goes with p = meetProb·(1 − attendSuspicion·s)·perNoShow^noShows: a dealer stood up once
     *  rarely goes a second time (was 0.75, which let policies farm repeated no-shows) */
    attendSuspicion: 0.5,
    perNoShow: 0.35,
    /** he did not go either: says so ("other") with p `saysSo` */
    saysSo: 0.5,
    /** he is there arriveMinutes + U·arriveSpanMinutes after the later of the meeting time and our
     *  last message, texts "where are you?" (the `meeting` event: he went) and waits for our answer */
    arriveMinutes: 3,
    arriveSpanMinutes: 10,
    /**
     * the window, a phase of its own (2026-12-05; before, all his "where are you?" came in one burst
     * and our next message could not change them): each of our answers while he waits is one turn.
     * A running_late ("5 min, bijna daar") keeps him there with p stayLate·stayDecay^k, a stalling
     * ask_location ("waar staat ge juist?") with p stayStall·stayDecay^k (k: our earlier stalls in
     * this window); then he texts again waitMinutes + U·waitSpanMinutes later, at most maxWaits
     * times in all. Anything else, or a stall he no longer believes, and he leaves.
     */
    stayLate: 0.85,
    stayStall: 0.6,
    stayDecay: 0.6,
    maxWaits: 4,
    waitMinutes: 4,
    waitSpanMinutes: 8,
    /** a chatty dealer left without an answer texts once more before he goes, with p chattiness·chattyWait */
    chattyWait: 0.5,
    /**
     * when he leaves: s += suspicion·suspicionGain × (lateFactor after our running_late, silentFactor
     * when we never answered him or talked of something else, 1 after a reschedule: an excuse),
     * a += annoyance·annoyanceGain × (silentFactor when we never answered, else 1)
     */
    suspicion: 0.15,
    lateFactor: 1.3,
    silentFactor: 1.4,
    annoyance: 0.2,
    /** and he complains (annoyed) with p `complains`, complainMinutes + U·complainSpanMinutes after
     *  he left (not when he answers our reschedule: that answer is his complaint) */
    complains: 0.7,
    complainMinutes: 1,
    complainSpanMinutes: 5,
  },
} as const;

/**
 * The tactic effects in TACTICS order. Throws, naming the tactic, when the table lacks one of
 * core/tactics.ts's tactics, holds one that is not there, or misses a stage: the table is read
 * by position in the simulator's hot loop, so a gap must not shift the others silently.
 */
export function tacticEffectsInOrder(table: Readonly<Record<string, TacticEffect>> = TACTIC_EFFECTS): readonly TacticEffect[] {
  const missing = TACTICS.filter((t) => !Object.hasOwn(table, t));
  if (missing.length) throw new Error(`dealer-coefficients: no effects for tactic${missing.length > 1 ? 's' : ''} ${missing.map((t) => `"${t}"`).join(', ')}: add ${missing.length > 1 ? 'them' : 'it'} to TACTIC_EFFECTS`);
  const extra = Object.keys(table).filter((t) => !(TACTICS as readonly string[]).includes(t));
  if (extra.length) throw new Error(`dealer-coefficients: TACTIC_EFFECTS has ${extra.map((t) => `"${t}"`).join(', ')}, not a tactic of core/tactics.ts`);
  return TACTICS.map((t) => {
    const e = table[t]!;
    const stages = STAGES.filter((s) => !Object.hasOwn(e.fit ?? {}, s));
    if (stages.length) throw new Error(`dealer-coefficients: tactic "${t}" has no fit for stage${stages.length > 1 ? 's' : ''} ${stages.join(', ')}`);
    return e;
  });
}
