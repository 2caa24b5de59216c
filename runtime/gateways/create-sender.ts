// Picks the outbound gateway the configuration names (outbound.kind).
import type { RuntimeConfig } from '../config.js';
import { AndroidGatewaySender } from './android/android-gateway-sender.js';
import { DryRunSender } from './dry-run/dry-run-sender.js';
import type { Sender } from './sender.js';
import { TWILIO_STATUS_PATH, TwilioSender } from './twilio/twilio-sender.js';

export function createSender(cfg: RuntimeConfig): Sender {
  switch (cfg.outbound.kind) {
    case 'dry-run':
      return new DryRunSender(cfg.outbound.file);
    case 'twilio': {
      const t = cfg.twilio!; // presence checked by parseConfig
      // without publicUrl Twilio has nowhere to report delivery (serve warns at start)
      const statusCallback = cfg.publicUrl ? cfg.publicUrl + TWILIO_STATUS_PATH : undefined;
      return new TwilioSender({ accountSid: t.accountSid!, authToken: t.authToken!, from: t.from!, apiBase: t.apiBase, ...(statusCallback ? { statusCallback } : {}) });
    }
    case 'android-gateway': {
      const a = cfg.androidGateway!;
      return new AndroidGatewaySender({ url: a.url!, username: a.username!, password: a.password!, ttlSeconds: a.ttlSeconds });
    }
  }
}
