import { describe, expect, it } from 'vitest';
import { inboundFrom, runLoadtest } from './run-loadtest.js';

const io = { stdout: { write: () => true }, stderr: { write: () => true } } as never;

describe('loadtest --against flags', () => {
  it('takes webhook secrets from flags or the environment, and says which is missing', () => {
    expect(inboundFrom({}, { DEALERBOT_GENERIC_TOKEN: 't'.repeat(16) })).toEqual({ kind: 'generic', token: 't'.repeat(16) });
    expect(inboundFrom({ inbound: 'android', signingKey: 'k' }, {})).toEqual({ kind: 'android', signingKey: 'k' });
    expect(() => inboundFrom({}, {})).toThrow(/--token T or DEALERBOT_GENERIC_TOKEN/);
    expect(() => inboundFrom({ inbound: 'android' }, {})).toThrow(/DEALERBOT_SIGNING_KEY/);
    expect(() => inboundFrom({ inbound: 'twilio', token: 'x' }, {})).toThrow('--inbound must be generic or android, got "twilio"');
  });

  it('says plainly when no serve answers at the URL', async () => {
    const env = { DEALERBOT_GENERIC_TOKEN: 't'.repeat(16) };
    await expect(runLoadtest({ against: 'http://127.0.0.1:9', gatewayPort: 0 }, io, env)).rejects.toThrow(/no dealerbot serve answers there/);
  });
});
