// Outbound gateways behind one interface. `reconcile` answers, after a crash between "sending"
// and "sent" (or before resending a send that timed out), whether the gateway already has the
// message, so a restart or a retry neither loses nor doubles it (see Dispatcher).
import type { DeliveryState } from '../store/rows.js';

export interface OutboundMessage {
  /** the outbox row id */
  id: number;
  /**
   * the row's send id: a UUID fixed on the first attempt and kept for every retry, the id handed
   * to gateways that dedupe by id. null for a row that was sent by a dealerbot before store
   * version 3 (a gateway then looks it up by the id it was sent with then).
   */
  sendId: string | null;
  to: string;
  text: string;
  tactic: string | null;
  conversation: number;
  ts: number;
  /** the SIM (1-3) and gateway device the dealer's last message came in on, when known */
  simNumber?: number | null;
  deviceId?: string | null;
}

export interface SendResult {
  gatewayId: string | null;
  /** what the gateway said of the message when it took it (Twilio `queued`, android `Pending`…) */
  delivery?: DeliveryState;
}

/**
 * What a lookup found. 'sent': the gateway has the message under our send id. `{ found }`: it
 * has it under an id of its own (Twilio's message SID), which its delivery reports will name,
 * with the state it is in. 'not-sent': it does not have it. 'unknown': it cannot tell.
 */
export type Reconciled = 'sent' | 'not-sent' | 'unknown' | { found: SendResult };

export interface Sender {
  readonly name: string;
  /**
   * true when the gateway recognises a resend by our send id (android-sms-gateway answers 409):
   * a retry after a timeout is then safe. false (Twilio): a send that may have reached the
   * gateway is looked up with `reconcile` before it is sent again.
   */
  readonly idempotent: boolean;
  send(m: OutboundMessage): Promise<SendResult>;
  reconcile(m: OutboundMessage): Promise<Reconciled>;
}

export interface SendErrorDetails {
  /** the request may have reached the gateway (a timeout, a 5xx): it may have the message */
  ambiguous?: boolean;
  /** the recipient can never be reached (Twilio 21610 unsubscribed, 21211 invalid…): stop the number for good */
  stopNumber?: string;
}

/** A failed send; `permanent` ones are not retried (bad number, bad credentials). */
export class SendError extends Error {
  readonly ambiguous: boolean;
  readonly stopNumber: string | null;
  constructor(
    message: string,
    readonly permanent: boolean,
    details: SendErrorDetails = {},
  ) {
    super(message);
    this.name = 'SendError';
    this.ambiguous = details.ambiguous ?? false;
    this.stopNumber = details.stopNumber ?? null;
  }
}

/** Classifies an HTTP failure: 4xx other than 408/429 will not get better by retrying; a 5xx may have been taken. */
export function httpSendError(gateway: string, status: number, body: string, details: SendErrorDetails = {}): SendError {
  const permanent = status >= 400 && status < 500 && status !== 408 && status !== 429;
  return new SendError(`${gateway} answered HTTP ${status}: ${body.slice(0, 200).replace(/\s+/g, ' ')}`, permanent, {
    ambiguous: status >= 500 || status === 408,
    ...details,
  });
}

/** errors that prove the request never left: nothing can be at the gateway */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/** fetch with a timeout; network errors become retryable SendErrors (ambiguous unless the connection never opened). */
export async function fetchWithTimeout(gateway: string, url: string, init: RequestInit, timeoutMs = 15_000): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    const code = String((e as { cause?: { code?: unknown } }).cause?.code ?? '');
    const timedOut = (e as Error).name === 'TimeoutError';
    throw new SendError(`${gateway} unreachable at ${new URL(url).origin}: ${timedOut ? `no answer within ${timeoutMs} ms` : (e as Error).message}`, false, {
      ambiguous: !NEVER_SENT.has(code),
    });
  }
}
