// A string cut out of a bigger one (a SAX parser's attribute value, a regex match) is, in V8,
// often a view that keeps the whole source string alive: one short SMS body kept for the rest
// of an import held its entire 1 MB chunk, and with it the whole backup stayed in memory.
// Concatenating and slicing makes V8 flatten into a new string of the value's own size.

/** The same text in a string of its own (keeps no larger string alive). */
export function ownString(s: string): string {
  return (' ' + s).slice(1);
}
