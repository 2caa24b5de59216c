// Twilio error codes that say the recipient can never be reached from our number: the number is
// stopped for good (hard rule 2's state), so no later dealer message triggers another doomed
// send. Read in Twilio's error pages (twilio.com/docs/api/errors/<code>):
//   21610  the recipient replied STOP to our number; Twilio blocks every send until START
//          (errors/80901: "Message matched a STOP or START word")
//   21211  'To' is not a valid phone number
//   21614  'To' is not a valid mobile number (a landline or an invalid number)
//   21635  'To' is a landline; "validate recipient numbers before sending"
//   30006  delivery error: landline or unreachable carrier; "if Lookup returns landline, do not
//          retry the same SMS to that destination" (it comes in StatusCallback's ErrorCode)
//   30005  delivery error: unknown destination handset, the number is unknown or no longer in
//          service (Twilio's page was not in the corpus; read in the Way To Health Twilio
//          failure table and phone-check.app's 30003/30005/30006 note)
// Not here, on purpose: 30003 (handset switched off or out of coverage: Twilio says retry),
// 30007 (our content was filtered: a fault of the message, not of the recipient), and account
// errors (20003 credentials, 21606 our number): those are failures of one send, not of the number.
export const TWILIO_STOP_CODES: Readonly<Record<string, string>> = {
  '21610': 'the recipient unsubscribed from our number (STOP)',
  '21211': "the 'To' number is not a valid phone number",
  '21614': "the 'To' number is not a mobile number",
  '21635': "the 'To' number is a landline",
  '30005': 'the destination handset is unknown or no longer in service',
  '30006': 'the destination is a landline or an unreachable carrier',
};

/** why the number must be stopped for good, or null (the code is not a recipient's end) */
export function twilioStopReason(code: string | number | null | undefined): string | null {
  if (code === null || code === undefined) return null;
  const c = String(code).trim();
  const why = TWILIO_STOP_CODES[c];
  return why ? `Twilio ${c}: ${why}` : null;
}
