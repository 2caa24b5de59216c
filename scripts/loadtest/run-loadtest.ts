// `dealerbot loadtest --against URL`: flags → runAgainstServe → the summary (JSON or a few lines).
// Secrets come from the environment when not given as flags (a flag shows in `ps`).
import { type Io, note, printJson } from '../../lib/console.js';
import { UsageError } from '../../lib/errors.js';
import { defaultPersonaMix, loadPersonaMix } from '../../trainer/sim/persona.js';
import { FakeGateway } from './fake-gateway.js';
import { resolvePolicy } from '../../trainer/sim/run-simulate.js';
import { simulateAsRuntime, type AsRuntimeSummary } from './in-process.js';
import { runAgainstServe, type LoadtestSummary } from './loadtest.js';
import type { Inbound } from './webhook-client.js';

/** The values of `dealerbot loadtest`, already parsed by the CLI (lib/flags.ts). */
export interface LoadtestFlags {
  against: string;
  episodes?: number;
  concurrency?: number;
  timeScale?: number;
  personas?: string;
  seed?: number;
  inbound?: string;
  token?: string;
  signingKey?: string;
  /** 0: any free port */
  gatewayPort?: number;
  maxDecisions?: number;
  /** a policy (bundle folder or baseline) to run in-process on the same dealers, side by side */
  compare?: string;
  /** serve's promoThreshold, for the in-process run's engagement gate */
  promoThreshold?: number;
  /** seconds to wait for serve to answer (a serve started once the fake gateway is up) */
  waitForServe?: number;
  json?: boolean;
}

export interface CompareSummary extends LoadtestSummary {
  /** the same dealers in-process, read by the runtime's NLU (scripts/loadtest/in-process.ts) */
  in_process?: AsRuntimeSummary;
  /** live dealer-minutes / in-process dealer-minutes */
  ratio?: number;
}

export function inboundFrom(flags: Pick<LoadtestFlags, 'inbound' | 'token' | 'signingKey'>, env: NodeJS.ProcessEnv): Inbound {
  const kind = flags.inbound ?? 'generic';
  if (kind === 'generic') {
    const token = flags.token ?? env.DEALERBOT_GENERIC_TOKEN;
    if (!token) throw new UsageError('--inbound generic needs the webhook token: --token T or DEALERBOT_GENERIC_TOKEN (serve config generic.token)');
    return { kind, token };
  }
  if (kind === 'android') {
    const signingKey = flags.signingKey ?? env.DEALERBOT_SIGNING_KEY;
    if (!signingKey)
      throw new UsageError('--inbound android needs the signing key: --signing-key K or DEALERBOT_SIGNING_KEY (serve config androidGateway.signingKey)');
    return { kind, signingKey };
  }
  throw new UsageError(`--inbound must be generic or android, got "${kind}"`);
}

export async function runLoadtest(flags: LoadtestFlags, io: Io, env: NodeJS.ProcessEnv = process.env): Promise<CompareSummary> {
  const { episodes = 100, concurrency = 10, seed = 1, gatewayPort: port = 8090, timeScale, maxDecisions } = flags;
  const inbound = inboundFrom(flags, env);
  const mix = flags.personas ? loadPersonaMix(flags.personas) : defaultPersonaMix();

  // in-process first: it takes the CPU that the live run's timing must not share
  let inProcess: AsRuntimeSummary | undefined;
  if (flags.compare) {
    const policy = await resolvePolicy(flags.compare);
    const { loadClassifier } = await import('../../nlu/classifier.js');
    const t = Date.now();
    inProcess = simulateAsRuntime(policy, {
      mix, episodes, seed, classifier: loadClassifier(),
      ...(flags.promoThreshold === undefined ? {} : { promoThreshold: flags.promoThreshold }),
      ...(maxDecisions === undefined ? {} : { config: { maxDecisions } }),
    });
    note(io, `simulate: in-process ${policy.id}, ${episodes} conversations read by the runtime's NLU (${((Date.now() - t) / 1000).toFixed(0)} s)`);
  }

  const gateway = new FakeGateway();
  try {
    await gateway.listen(port);
  } catch (e) {
    throw new UsageError(`cannot listen on 127.0.0.1:${port} for the fake gateway (${(e as NodeJS.ErrnoException).code ?? String(e)}); pick another --gateway-port`);
  }
  note(io, `simulate: fake android-sms-gateway on ${gateway.url} (serve needs outbound.kind "android-gateway", androidGateway.url "${gateway.url}")`);
  const started = Date.now();
  let lastNote = started;
  try {
    const live = await runAgainstServe({
      url: flags.against,
      waitForServeMs: (flags.waitForServe ?? 0) * 1000,
      inbound,
      gateway,
      episodes,
      concurrency,
      timeScale,
      mix,
      seed,
      config: maxDecisions === undefined ? undefined : { maxDecisions },
      onProgress: (done, total) => {
        const now = Date.now();
        if (now - lastNote >= 2000 || done === total) {
          lastNote = now;
          note(io, `simulate: ${done}/${total} conversations (${((now - started) / 1000).toFixed(0)} s)`);
        }
      },
    });
    const s: CompareSummary = inProcess
      ? { ...live, in_process: inProcess, ratio: Math.round((live.dealer_minutes.mean / inProcess.dealer_minutes.mean) * 1000) / 1000 }
      : live;
    if (flags.json) printJson(io, s);
    else {
      const dm = s.dealer_minutes;
      const t = s.transport;
      io.stdout.write(
        `policy ${s.policy} at ${s.against} (time scale ${s.time_scale}), ${s.episodes} conversations, ${s.concurrency} at a time (seed ${seed})\n` +
          `dealer-minutes ${dm.mean.toFixed(2)} (95% CI ${dm.ci95[0].toFixed(2)}..${dm.ci95[1].toFixed(2)}); ` +
          `no reply to the promo in ${(s.unanswered_rate * 100).toFixed(1)}%\n` +
          `per conversation: ${s.dealer_messages.toFixed(1)} messages, ${s.calls.toFixed(2)} calls, ${s.no_shows.toFixed(2)} no-shows, ` +
          `${s.span_hours.toFixed(1)} h; burn rate ${(s.burn_rate * 100).toFixed(1)}%\n` +
          `webhook: ${t.requests} requests (${t.req_per_s}/s), ${t.errors} errors, ${t.lost} lost, latency p50 ${t.latency_ms.p50} ms, p99 ${t.latency_ms.p99} ms; ` +
          `${t.replies} replies (${t.late_replies} after the dealer left)\n` +
          (s.in_process
            ? `in-process, same dealers, read by the runtime's NLU: dealer-minutes ${s.in_process.dealer_minutes.mean.toFixed(2)} ` +
              `(95% CI ${s.in_process.dealer_minutes.ci95[0].toFixed(2)}..${s.in_process.dealer_minutes.ci95[1].toFixed(2)}); ` +
              `live/in-process ${s.ratio!.toFixed(3)}\n`
            : ''),
      );
    }
    return s;
  } finally {
    await gateway.close();
  }
}
