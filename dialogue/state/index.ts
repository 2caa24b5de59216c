// The dialogue state of a conversation. See dialogue/README.md, "Dialogue state".
export { buildDialogueState, foldEvent, initialDialogueState, type StateEvent, type StateOptions } from './fold.js';
export { quietHoursDue, inQuietHours, DEFAULT_QUIET_HOURS, type QuietHours, type QuietDecision } from './quiet-hours.js';
export { localTime, localMinutes, atLocal, nextLocal, DEFAULT_TIME_ZONE } from './local-time.js';
export { latestPrice } from './offer.js';
export * from './types.js';
