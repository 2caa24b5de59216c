// What serve says at start about a configuration that will fail quietly later. Twilio signs the
// URL it calls; behind a reverse proxy the request's own URL (http://127.0.0.1:8080/…) is not
// that one, so without publicUrl every Twilio webhook is refused 403, and Twilio has no URL to
// send delivery reports (StatusCallback) to: every reply then stays "accepted".
import type { RuntimeConfig } from '../config.js';

export function startupWarnings(cfg: Pick<RuntimeConfig, 'outbound' | 'twilio' | 'publicUrl'>): string[] {
  const out: string[] = [];
  const twilio = cfg.outbound.kind === 'twilio' || cfg.twilio?.authToken !== undefined;
  if (twilio && !cfg.publicUrl)
    out.push(
      'warning: Twilio is configured but publicUrl is not: Twilio signs the URL it calls, so behind a proxy every Twilio webhook will be refused (403), and replies get no delivery reports; set publicUrl to https://YOUR-HOST',
    );
  return out;
}
