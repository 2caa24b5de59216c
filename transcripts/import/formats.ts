// The names of the import formats, apart from their importers so that the CLI can offer them
// for --format without loading a parser.
export const FORMATS = ['jsonl', 'csv', 'sms-backup', 'twilio-csv', 'whatsapp', 'imessage', 'telegram'] as const;
export type Format = (typeof FORMATS)[number];
