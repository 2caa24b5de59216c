// What an android-sms-gateway webhook says, read from its JSON: a dealer's message to store, a
// delivery report on one of our replies, or an event we do not use. The shapes are the app's
// (capcom6/android-sms-gateway, app/src/main/java/me/capcom/smsgateway/modules/webhooks/):
// domain/WebHookEventDTO.kt `{id, webhookId, event, deviceId, payload}`;
// payload/MessageEventPayload.kt `messageId, sender, recipient, simNumber` and the deprecated
// `phoneNumber` ("use sender for received events, recipient for sent events");
// payload/SmsEventPayload.kt: sms:received `message, receivedAt`, sms:sent `partsCount, sentAt`,
// sms:delivered `deliveredAt`, sms:failed `failedAt, reason` (also "TTL expired": MessagesService.kt),
// sms:cancelled `cancelledAt` (since July 2026, cd6c30a: a message still Pending was cancelled
// through the API, DELETE /messages/{id}, so it never leaves the phone); payload/MmsReceivedPayload.kt:
// mms:received `transactionId, subject, size, contentClass, receivedAt` (no body: the text an
// MMS carries before it is downloaded is its subject). Dates are ISO 8601 with the phone's
// offset (extensions/GsonBuilder.kt, "yyyy-MM-dd'T'HH:mm:ss.SSSXXX").
// mms:downloaded (payload/MmsDownloadedPayload.kt `body, subject, attachments[{partId,
// contentType, name, size, data}], receivedAt`; sent by receiver/MmsContentObserver.kt once the
// phone has fetched the MMS, body = its text/plain parts joined by newlines,
// receiver/MmsContentReader.kt) is the same MMS again, under another messageId (the phone's MMS
// row id, where mms:received has the MMS Message-ID or transaction id: ReceiverService.kt): it
// completes the stored MMS event's text with the body and is never a message of its own
// (Engine.completeMms). Attachments are not kept: dealerbot reads text only, and `data` is the
// whole file in base64.
import { createHash } from 'node:crypto';
import type { DeliveryState } from '../../store/rows.js';

export interface AndroidInbound {
  type: 'inbound';
  /** dedupe key: the event id, stable across the app's retries (else a content hash) */
  id: string;
  from: string;
  text: string;
  kind: 'sms' | 'mms';
  receivedMs?: number;
  simNumber?: number;
  deviceId?: string;
}

export interface AndroidDelivery {
  type: 'delivery';
  /** the message id we sent it with (our send id) */
  messageId: string;
  state: DeliveryState;
  error: string | null;
}

export interface AndroidMmsBody {
  type: 'mms-body';
  /** dedupe key of the download webhook (its event id, else a content hash) */
  id: string;
  from: string;
  subject: string | null;
  body: string | null;
  receivedMs?: number;
}

export type AndroidWebhook = AndroidInbound | AndroidDelivery | AndroidMmsBody | { type: 'ignored'; event: string | null } | { type: 'bad'; reason: string };

const DELIVERY_EVENTS: Record<string, DeliveryState> = { 'sms:sent': 'sent', 'sms:delivered': 'delivered', 'sms:failed': 'failed', 'sms:cancelled': 'failed' };

export function readAndroidWebhook(raw: string, arrivalMs: number): AndroidWebhook {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return { type: 'bad', reason: 'body is not JSON' };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { type: 'bad', reason: 'body is not a JSON object' };
  const b = body as { event?: unknown; id?: unknown; deviceId?: unknown; payload?: unknown };
  const event = typeof b.event === 'string' ? b.event : null;
  if (event !== 'sms:received' && event !== 'mms:received' && event !== 'mms:downloaded' && !(event !== null && event in DELIVERY_EVENTS))
    return { type: 'ignored', event };
  if (typeof b.payload !== 'object' || b.payload === null) return { type: 'bad', reason: `${event} has no payload object` };
  const p = b.payload as Record<string, unknown>;

  if (event in DELIVERY_EVENTS) {
    if (typeof p.messageId !== 'string' || !p.messageId) return { type: 'bad', reason: `${event} payload needs messageId` };
    // a cancelled message has no reason of its own: the event says what happened to it
    const reason = event === 'sms:cancelled' ? 'cancelled' : typeof p.reason === 'string' && p.reason ? p.reason.slice(0, 200) : null;
    return { type: 'delivery', messageId: p.messageId, state: DELIVERY_EVENTS[event]!, error: reason };
  }

  // the sender: `sender` since the app's 2026 payloads; `phoneNumber` (deprecated) before
  const from = nonEmpty(p.sender) ?? nonEmpty(p.phoneNumber);
  if (!from) return { type: 'bad', reason: `${event} payload needs sender (or the older phoneNumber)` };
  if (event === 'mms:downloaded') {
    for (const f of ['body', 'subject'] as const)
      if (p[f] !== undefined && p[f] !== null && typeof p[f] !== 'string') return { type: 'bad', reason: `mms:downloaded ${f} must be a string or null` };
    const when = readDate(p.receivedAt);
    if (Number.isNaN(when)) return { type: 'bad', reason: 'receivedAt is not an ISO 8601 date' };
    const body = nonEmpty(p.body);
    const subject = nonEmpty(p.subject);
    const out: AndroidMmsBody = { type: 'mms-body', id: androidDedupeId(b, from, `${subject ?? ''}\n${body ?? ''}`, arrivalMs), from, subject, body };
    if (when !== undefined) out.receivedMs = when;
    return out;
  }
  const mms = event === 'mms:received';
  const text = mms ? (typeof p.subject === 'string' ? p.subject : '') : p.message;
  if (typeof text !== 'string') return { type: 'bad', reason: 'sms:received payload needs message (a string)' };
  if (p.simNumber !== undefined && p.simNumber !== null && !(Number.isInteger(p.simNumber) && (p.simNumber as number) >= 1 && (p.simNumber as number) <= 3))
    return { type: 'bad', reason: `simNumber must be 1, 2 or 3 (got ${JSON.stringify(p.simNumber).slice(0, 20)})` };
  const receivedMs = readDate(p.receivedAt);
  if (Number.isNaN(receivedMs)) return { type: 'bad', reason: 'receivedAt is not an ISO 8601 date' };
  const out: AndroidInbound = {
    type: 'inbound',
    id: androidDedupeId(b, from, text, arrivalMs),
    from,
    text,
    kind: mms ? 'mms' : 'sms',
  };
  if (receivedMs !== undefined) out.receivedMs = receivedMs;
  if (typeof p.simNumber === 'number') out.simNumber = p.simNumber;
  if (typeof b.deviceId === 'string' && b.deviceId) out.deviceId = b.deviceId;
  return out;
}

/** an ISO 8601 date: ms, undefined when absent, NaN when unreadable */
function readDate(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? Date.parse(v) : NaN;
}

function nonEmpty(v: unknown): string | null {
  return typeof v === 'string' && v.trim() ? v : null;
}

/**
 * The dedupe key of an android-sms-gateway webhook: its event id, stable across the gateway's
 * retries. Without one, a hash of what the message is — sender, text, and when the phone
 * received it (or, without receivedAt, when it arrived here: then a retry is not recognised,
 * but no message is ever mistaken for another). payload.messageId is content-based, not
 * unique, so it only adds to the hash. Two senders' messages never share a key.
 */
export function androidDedupeId(body: { id?: unknown; payload?: unknown }, from: string, text: string, arrivalMs: number): string {
  if (typeof body.id === 'string' && body.id) return body.id;
  const p = (body.payload ?? {}) as { receivedAt?: unknown; messageId?: unknown };
  const when = typeof p.receivedAt === 'string' && p.receivedAt ? `received:${p.receivedAt}` : `arrived:${arrivalMs}`;
  const messageId = typeof p.messageId === 'string' ? p.messageId : '';
  const h = createHash('sha256').update(JSON.stringify([from, text, when, messageId])).digest('hex').slice(0, 32);
  return `h:${h}`;
}
