// Template slots: the parts of a reply that come from the conversation's persona and state, so
// that the bot keeps one name, one story and one meeting place for a whole conversation.
// `source` (who gave us the number), `price` (the dealer's own latest price, a number) and
// `offer` (his price as his last message put it: "5g voor 45", "60 de gram") are used by the
// state-aware lines of the catalogue's `answers`.

export const SLOTS = ['name', 'story', 'excuse', 'place', 'time', 'product', 'amount', 'source', 'price', 'offer'] as const;
export type Slot = (typeof SLOTS)[number];

const SLOT_SET: ReadonlySet<string> = new Set(SLOTS);
export function isSlot(x: string): x is Slot {
  return SLOT_SET.has(x);
}

/** A template split once into literal text and slots, so rendering does no parsing. */
export type TemplatePart = { text: string } | { slot: Slot };

/** Parses "sorry, {excuse}" into parts; returns an error string for unknown or broken slots. */
export function compileTemplate(template: string): { ok: true; parts: TemplatePart[] } | { ok: false; error: string } {
  const parts: TemplatePart[] = [];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    const close = template.indexOf('}', i);
    if (close !== -1 && (open === -1 || close < open)) return { ok: false, error: `stray "}" at ${close}` };
    if (open === -1) {
      parts.push({ text: template.slice(i) });
      break;
    }
    if (open > i) parts.push({ text: template.slice(i, open) });
    const end = template.indexOf('}', open);
    if (end === -1) return { ok: false, error: `unclosed "{" at ${open}` };
    const name = template.slice(open + 1, end);
    if (!isSlot(name)) return { ok: false, error: `unknown slot {${name}} (valid: ${SLOTS.map((s) => `{${s}}`).join(', ')})` };
    parts.push({ slot: name });
    i = end + 1;
  }
  return { ok: true, parts };
}
