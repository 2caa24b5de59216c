// `dealerbot chat`: you play the dealer. The bot runs the real engine, safety rules and
// dispatcher on an in-memory store and a manual clock that jumps straight to the next reply
// (or the end of a silence), so a conversation of hours takes seconds.
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Io } from '../../lib/console.js';
import { processIo } from '../../lib/console.js';
import { Rng } from '../../lib/random.js';
import { TACTICS } from '../../core/tactics.js';
import type { Brain, RenderContext } from '../engine/brain.js';
import type { Lang } from '../../core/lang.js';
import type { Tactic } from '../../core/tactics.js';
import { ManualClock } from '../engine/clock.js';
import { localTime } from '../../dialogue/state/local-time.js';
import { parseConfig } from '../config.js';
import { Dispatcher } from '../engine/dispatcher.js';
import { Engine } from '../engine/engine.js';
import { loadBrain } from '../engine/load-brain.js';
import { safetyLists } from '../engine/safety.js';
import type { OutboundMessage, Reconciled, Sender } from '../gateways/sender.js';
import { Store } from '../store/store.js';

export const CHAT_NUMBER = '+32470000001';

export interface ChatOptions {
  brain: Brain;
  input: Readable;
  io: Io;
  explain?: boolean;
  /** fixes the engine's draws and the persona (without it, the persona is drawn from a fresh secret) */
  seed?: number;
  clock?: ManualClock;
  /** the language the bot answers in; default: the language the dealer writes in */
  lang?: Lang;
}

class TerminalSender implements Sender {
  readonly name = 'terminal';
  readonly idempotent = true;
  constructor(
    private readonly io: Io,
    private readonly clock: ManualClock,
    private readonly timeZone: string,
  ) {}
  async send(m: OutboundMessage) {
    this.io.stdout.write(`[${clockTime(this.clock.now(), this.timeZone)}] bot: ${m.text}\n`);
    return { gatewayId: null };
  }
  async reconcile(): Promise<Reconciled> {
    return 'unknown';
  }
}

/** Runs a chat until the input ends; returns the number of bot messages. */
export async function runChat(o: ChatOptions): Promise<{ dealer: number; bot: number }> {
  const clock = o.clock ?? new ManualClock();
  const store = Store.open(':memory:');
  // settleSeconds 0: in the terminal every line is its own turn
  const config = parseConfig({ mode: 'auto', settleSeconds: 0, allow: [CHAT_NUMBER], ...(o.seed !== undefined ? { personaSecret: `chat-persona-seed-${o.seed}` } : {}) });
  const lists = safetyLists(config);
  const lang = o.lang;
  // --lang: every reply in that language, whatever the dealer writes in
  const brain: Brain = lang ? Object.assign(Object.create(o.brain) as Brain, { render: (t: Tactic, ctx: RenderContext) => o.brain.render(t, { ...ctx, lang }) }) : o.brain;
  const engine = new Engine({ store, brain, clock, rng: new Rng(o.seed ?? 1), config, lists });
  const tz = config.timeZone;
  const dispatcher = new Dispatcher({ store, sender: new TerminalSender(o.io, clock, tz), clock, engine, config, lists });
  const w = (l: string) => o.io.stdout.write(l + '\n');
  let dealer = 0;
  let conversation: number | null = null;
  const rl = createInterface({ input: o.input, terminal: false });
  w(`(you are the dealer; the bot answers after its human-like delay, fast-forwarded; /wait MINUTES lets time pass; times are ${tz})`);
  for await (const line of rl) {
    const text = line.trim();
    if (!text) continue;
    const wait = WAIT.exec(text);
    if (wait) {
      // the dealer lets time pass (on his way to the meeting, waiting there): what falls due
      // meanwhile goes out, follow-ups included, as it would on the phone
      await passTime(store, clock, dispatcher, Number(wait[1]) * 60_000);
      w(`  (${wait[1]} min later: ${clockTime(clock.now(), tz)})`);
      continue;
    }
    if (text.startsWith('/')) {
      w(`  (unknown command ${JSON.stringify(text)}; the one command is /wait MINUTES)`);
      continue;
    }
    dealer++;
    const before = conversation === null ? undefined : store.lastDecision(conversation)?.id;
    const r = engine.receive({ transport: 'chat', from: CHAT_NUMBER, text });
    const ev = store.event(r.event)!;
    conversation = ev.conversation;
    if (o.explain) {
      w(`  act: ${ev.act} (${ev.confidence?.toFixed(2)}), lang ${ev.lang}${ev.safety ? `, safety ${ev.safety}` : ''}`);
      // only a decision this message caused: after STOP there is none, and saying so matters
      const d = store.lastDecision(ev.conversation);
      if (d && d.id !== before) explainDecision(store, engine, ev.conversation, w);
      else w('  no decision (safety rules: no reply)');
    }
    await fastForward(store, clock, dispatcher, engine, ev.conversation, o.explain ? w : null);
    if (store.numberState(CHAT_NUMBER) !== 'engaged') w(`  (the bot will not write to this number again: ${store.numberState(CHAT_NUMBER)})`);
  }
  const bot = store.sentCount(0);
  store.close();
  return { dealer, bot };
}

async function fastForward(store: Store, clock: ManualClock, d: Dispatcher, engine: Engine, conversation: number, w: ((l: string) => void) | null) {
  // jump to each due row (reply, or the decision after a silence) until nothing is pending but a
  // follow-up: that waits for hours in case the dealer answers, and in the terminal he is typing
  for (let guard = 0; guard < 10; guard++) {
    const next = store.nextDueMs();
    if (next === null || store.dueOutbox(next, 1)[0]?.kind === 'follow_up') return;
    if (next > clock.now() + 60_000 && w) w(`  (… ${Math.round((next - clock.now()) / 60_000)} min pass)`);
    clock.advanceTo(Math.max(next, clock.now()));
    const decisionsBefore = store.lastDecision(conversation)?.id;
    await d.tick();
    const after = store.lastDecision(conversation);
    if (w && after && after.id !== decisionsBefore) explainDecision(store, engine, conversation, w);
  }
}

function explainDecision(store: Store, engine: Engine, conversation: number, w: (l: string) => void) {
  const d = store.lastDecision(conversation);
  if (!d) return w('  no decision (safety rules: no reply)');
  const top = TACTICS.map((t, i) => [t, d.probs[i] ?? 0] as const)
    .filter(([, p]) => p > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([t, p]) => `${t} ${p.toFixed(2)}`);
  w(`  chose ${d.tactic} (p=${d.probability.toFixed(2)}); probabilities: ${top.join(', ')}`);
  const masked = engine.maskReasons(conversation);
  if (masked.length) w(`  masked now: ${masked.map((m) => `${m.tactic} (${m.reason})`).join('; ')}`);
}

/** `/wait 40`: the dealer lets 40 minutes pass */
const WAIT = /^\/wait\s+(\d{1,4})\s*$/i;

/** Moves the clock on by `ms`, sending everything that falls due on the way, in order. */
async function passTime(store: Store, clock: ManualClock, d: Dispatcher, ms: number): Promise<void> {
  const end = clock.now() + ms;
  for (let guard = 0; guard < 1000; guard++) {
    const next = store.nextDueMs();
    if (next === null || next > end) break;
    clock.advanceTo(Math.max(next, clock.now()));
    await d.tick();
  }
  clock.advanceTo(Math.max(end, clock.now()));
}

function clockTime(ms: number, timeZone: string): string {
  const t = localTime(ms, timeZone);
  return `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
}

export async function chatCommand(o: { model: string; lang?: string; explain?: boolean; seed?: number }): Promise<void> {
  const brain = await loadBrain(o.model);
  const lang = o.lang === 'nl' || o.lang === 'en' ? o.lang : undefined;
  await runChat({ brain, input: process.stdin, io: processIo, explain: !!o.explain, ...(o.seed !== undefined ? { seed: o.seed } : {}), ...(lang ? { lang } : {}) });
}
