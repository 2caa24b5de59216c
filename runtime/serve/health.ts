// What /health and `dealerbot status` say: "ok" only when messages are being decided and
// replies are going out. Each check names what is wrong, with a count and an error code, never
// an error message (those may carry numbers or texts):
//
//   down      the database cannot be read, or written (accept commits, the heartbeat);
//             messages accepted but not decided for longer than `stallSeconds`;
//             replies due for longer than that and not sent (the kill switch aside);
//             the dispatcher's rounds failing on the database
//   degraded  decisions failing (retried with backoff); `sendFailures` sends in a row refused
//             by the gateway; dispatcher rounds failing on anything else
//
// serve writes the report into the store every few seconds (and a last one on a clean stop),
// so that `status`, a separate process, shows the same reasons and notices a silent serve.
import type { Clock } from '../engine/clock.js';
import type { DispatcherHealth } from '../engine/dispatcher.js';
import { errorCode } from '../engine/error-code.js';
import type { IntakeHealth } from '../engine/intake.js';
import type { Store } from '../store/store.js';

export type HealthStatus = 'ok' | 'degraded' | 'down';

// a type, not an interface: it must fit Record<string, unknown> (the /health body)
export type HealthReport = {
  status: HealthStatus;
  reasons: string[];
};

export interface HealthOptions {
  store: Store;
  /** the runtime's (scaled) clock: stored times are on it */
  clock: Clock;
  intake: { health(): IntakeHealth };
  dispatcher: { health(): DispatcherHealth };
  /** real seconds after which an undecided message or an unsent due reply means "down" */
  stallSeconds: number;
  /** sends in a row refused before "degraded" */
  sendFailures: number;
  /** the clock's speed: stallSeconds of real time are stallSeconds × timeScale on the clock */
  timeScale: number;
  /** real time, for the reports status reads (default Date.now) */
  wallNow?: () => number;
  pid?: number;
}

/** What serve leaves in the store for `status`. */
export type StoredHealth = HealthReport & {
  /** real time of the report, ISO 8601 */
  at: string;
  pid: number;
  /** written by a clean stop */
  stopped?: boolean;
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export class HealthMonitor {
  private writeFailures = 0;
  private lastWriteError: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly wallNow: () => number;

  constructor(private readonly o: HealthOptions) {
    this.wallNow = o.wallNow ?? Date.now;
  }

  check(): HealthReport {
    const { store, clock, stallSeconds, timeScale } = this.o;
    const down: string[] = [];
    const degraded: string[] = [];
    const stallMs = stallSeconds * 1000 * timeScale;
    const now = clock.now();
    try {
      store.ping();
      const undecided = store.undecided();
      if (undecided.count > 0 && undecided.oldestMs !== null && now - undecided.oldestMs > stallMs)
        down.push(`${plural(undecided.count, 'message', 'messages')} accepted but not decided, the oldest for over ${stallSeconds} s`);
      if (!store.killSwitch()) {
        const overdue = store.overdueCount(now - stallMs);
        if (overdue > 0) down.push(`${plural(overdue, 'reply', 'replies')} due for over ${stallSeconds} s and not sent`);
      }
    } catch (e) {
      down.push(`database cannot be read (${errorCode(e)})`);
    }
    if (this.writeFailures > 0) down.push(`database cannot be written (${this.lastWriteError}; ${plural(this.writeFailures, 'failure', 'failures')} in a row)`);
    const i = this.o.intake.health();
    if (i.acceptFailures > 0) down.push(`incoming messages cannot be stored (${i.lastAcceptError}; ${plural(i.acceptFailures, 'commit', 'commits')} failed in a row); webhooks answer 503`);
    if (i.decisionFailures > 0) degraded.push(`decisions failing (${i.lastDecisionError}; ${plural(i.decisionFailures, 'round', 'rounds')} in a row); retrying with backoff`);
    const d = this.o.dispatcher.health();
    if (d.roundFailures > 0) {
      const line = `dispatcher failing (${d.lastRoundError}; ${plural(d.roundFailures, 'round', 'rounds')} in a row); retrying with backoff`;
      (d.lastRoundError?.startsWith('SQLITE_') ? down : degraded).push(line);
    }
    if (d.sendFailures >= this.o.sendFailures) degraded.push(`sends failing (${d.lastSendError}; ${d.sendFailures} in a row); retrying with backoff`);
    const reasons = [...down, ...degraded];
    return { status: down.length ? 'down' : degraded.length ? 'degraded' : 'ok', reasons };
  }

  /** Writes the current report (and the clock) into the store; false if the store refused. */
  report(stopped = false): boolean {
    const r = this.check();
    const stored: StoredHealth = { ...r, at: new Date(this.wallNow()).toISOString(), pid: this.o.pid ?? process.pid, ...(stopped ? { stopped: true } : {}) };
    try {
      this.o.store.tx(() => {
        this.o.store.saveServeHealth(stored);
        this.o.store.saveClockMs(this.o.clock.now());
      });
      this.writeFailures = 0;
      return true;
    } catch (e) {
      this.writeFailures++;
      this.lastWriteError = errorCode(e);
      return false;
    }
  }

  /** Reports every `everyMs` of real time until stop(). */
  start(everyMs = 5000): void {
    this.report();
    this.timer = setInterval(() => this.report(), everyMs);
    this.timer.unref();
  }

  /** Stops reporting and leaves a last report saying serve stopped cleanly. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.report(true);
  }
}

/** How long a report may be old before `status` says serve is silent. */
export const REPORT_STALE_MS = 30_000;

export interface ServeHealthView {
  /** ok / degraded / down as serve last said it; down when serve went silent; stopped / unknown */
  status: HealthStatus | 'stopped' | 'unknown';
  reasons: string[];
  /** when serve last reported (real time), or null */
  reported: string | null;
}

/** `status`'s view of serve's health, from the report serve left in the store. */
export function serveHealthView(stored: unknown, wallNow: number): ServeHealthView {
  const s = stored as Partial<StoredHealth> | undefined;
  if (!s || typeof s.at !== 'string' || !['ok', 'degraded', 'down'].includes(String(s.status)) || !Array.isArray(s.reasons))
    return { status: 'unknown', reasons: [], reported: null };
  const reasons = s.reasons.filter((r): r is string => typeof r === 'string');
  if (s.stopped) return { status: 'stopped', reasons: [], reported: s.at };
  const age = wallNow - Date.parse(s.at);
  if (!(age <= REPORT_STALE_MS))
    return { status: 'down', reasons: [...reasons, `serve has not reported for ${Math.round(age / 1000)} s: it is not running (killed?) or it hangs`], reported: s.at };
  return { status: s.status as HealthStatus, reasons, reported: s.at };
}
