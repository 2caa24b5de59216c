// Outbound gateways behind one interface. `reconcile` answers, after a crash between "sending"
// and "sent", whether the gateway already has the message, so a restart neither loses nor
// doubles it (see Dispatcher.recover).

export interface OutboundMessage {
  /** the outbox row id: also the idempotency key handed to gateways that take one */
  id: number;
  to: string;
  text: string;
  tactic: string | null;
  conversation: number;
  ts: number;
}

export type Reconciled = 'sent' | 'not-sent' | 'unknown';

export interface Sender {
  readonly name: string;
  send(m: OutboundMessage): Promise<{ gatewayId: string | null }>;
  reconcile(m: OutboundMessage): Promise<Reconciled>;
}

/** A failed send; `permanent` ones are not retried (bad number, bad credentials). */
export class SendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'SendError';
  }
}

/** Classifies an HTTP failure: 4xx other than 408/429 will not get better by retrying. */
export function httpSendError(gateway: string, status: number, body: string): SendError {
  const permanent = status >= 400 && status < 500 && status !== 408 && status !== 429;
  return new SendError(`${gateway} answered HTTP ${status}: ${body.slice(0, 200).replace(/\s+/g, ' ')}`, permanent);
}

/** fetch with a timeout; network errors become retryable SendErrors. */
export async function fetchWithTimeout(gateway: string, url: string, init: RequestInit, timeoutMs = 15_000): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    throw new SendError(`${gateway} unreachable at ${new URL(url).origin}: ${(e as Error).message}`, false);
  }
}
