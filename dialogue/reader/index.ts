// The reader: slots of one dealer message. See dialogue/README.md.
export { readMessage, readWithStats, toSlots, MAX_CHARS } from './read.js';
export { plausiblePrice } from './prices.js';
export * from './types.js';
