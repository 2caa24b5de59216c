// No-shows: the dealer saying we did not come ("ik heb hier 25 min gestaan", "u never showed"),
// or an agreed meeting whose window passed (we never go). Each meeting counts once.
import { foldText } from './text.js';

const COMPLAINT = /\b(gestaan|staan wachten|gewacht|ni gekomen|niet gekomen|nie gekomen|waarom zijt ge ni|waar waart ge|waar was je|zijt ge ni gekomen|never showed|never came|didn'?t show|didnt show|did not show|didn'?t come|didnt come|did not come|no show|no-show|where were (u|you)|why (didn'?t|didnt|did) (u|you)|stood (there|here)|waited (for|like|there|\d)|left\. why|he left|hij is weg|hij is vertrokken.*(ni|niet) gekomen)\b/;

export function isNoShowComplaint(text: string): boolean {
  return COMPLAINT.test(foldText(text));
}
