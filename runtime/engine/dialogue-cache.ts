// The dialogue state of each conversation, folded incrementally. The state is a pure left fold
// over the events (dialogue/state/fold.ts), so the state after the first k events can be kept
// and only the new events folded at the next decision: rebuilding it from every event was half
// of a decision's CPU with 1,000 live conversations (BENCHMARKS.md, "Live against in-process").
// A kept prefix is used only when every one of its events still reads the same (the act, the
// language and the tactic of an event are written after it is stored), so the result is always
// what buildDialogueState gives on the same events; dialogue-cache.test.ts checks that.
import { atTime, foldEvent, initialDialogueState, type StateEvent, type StateOptions } from '../../dialogue/state/fold.js';
import type { DialogueState } from '../../dialogue/state/types.js';
import { sameStateEvent } from './dialogue.js';

interface Entry {
  events: StateEvent[];
  /** the state after `events`, before the clock is moved to the decision */
  state: DialogueState;
}

/** One deployment's states: `options` (time zone, places, reader) are fixed for its life. */
export class DialogueStateCache {
  private readonly entries = new Map<number, Entry>();
  /** events folded and reused, and full rebuilds: for the tests and the benchmark */
  readonly stats = { folded: 0, reused: 0, rebuilt: 0 };

  constructor(
    private readonly options: StateOptions,
    private readonly capacity = 5_000,
  ) {}

  /** The state of conversation `id` at `nowMs`: buildDialogueState(events, nowMs, options). */
  stateOf(id: number, events: readonly StateEvent[], nowMs: number): DialogueState {
    const options = this.options;
    let entry = this.entries.get(id);
    let keep = 0;
    if (entry && entry.events.length <= events.length) {
      while (keep < entry.events.length && sameStateEvent(entry.events[keep]!, events[keep]!)) keep++;
      if (keep < entry.events.length) entry = undefined;
    } else entry = undefined;
    let state: DialogueState;
    if (entry) {
      state = entry.state;
      this.stats.reused += keep;
    } else {
      keep = 0;
      state = initialDialogueState(events[0]?.tMs ?? nowMs);
      this.stats.rebuilt++;
    }
    for (let i = keep; i < events.length; i++) state = foldEvent(state, events[i]!, options);
    this.stats.folded += events.length - keep;
    // re-inserted last: the Map's order is then least recently used first
    this.entries.delete(id);
    this.entries.set(id, { events: events.slice(), state });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return atTime(state, nowMs);
  }
}
