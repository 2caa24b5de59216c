// No-shows: the dealer saying we did not come ("ik heb hier 25 min gestaan", "u never showed",
// "ik ben weg", "he's gone"), or an agreed meeting whose window passed (we never go). Each
// meeting counts once. Leaving words ("ik ben weg") count only while a meeting is on the table.
import { foldText } from './text.js';

const COMPLAINT = /\b(gestaan|laten staan|laat (mij|me) (hier )?staan|staan wachten|gewacht|ni gekomen|niet gekomen|nie gekomen|waarom zijt ge (ni|nie|niet)|waar waart ge|waart ge er (ni|nie|niet)|waar was je|gij (ni|nie|niet)\b|ge komt (ni|nie|niet)|never showed|never came|didn'?t show|didnt show|did not show|didn'?t come|didnt come|did not come|no show|no-show|where were (u|you)|why (didn'?t|didnt|did) (u|you)|left me standing|stood (there|here)|waited \d+|waited (for|like|there)|u wasnt|you weren'?t|ur not coming|you'?re not coming|wat is er gisteren gebeurd|wat is er gebeurd|wat was dat (gisteren|daarnet|nu)|waar bleeft ge|waar bleef je|what happened (yesterday|last night|tonight|there|to (u|you))|where did (u|you) go|been waiting( here)? (\d+|for|like)|staan hier al \d+|sta hier al \d+|\d+ min gegeven|gave (u|you) \d+)\b/;
const LEAVING = /\b(he left|hij is weg|hij is vertrokken|he'?s left|nog (1|een|ene) kans|laatste kans|one more chance|last chance|second chance|volgende keer eerst|next time (call|show|be|text)|be sure next time|nooit meer|never again|ur a joke|not serious|nie serieus|niet serieus|wasted my (night|time)|ik ben weg|ik rij weg|ik ga naar huis|hij is weg|im gone|i'?m gone|he'?s gone|driving off|going home|i'?m leaving|im leaving|ik vertrek hier)\b/;

/** giving up, said while he is (or was) at the place: "laat maar", "forget it", "2 keer" */
const GIVING_UP = /\b(laat maar|laat het|vergeet het|forget it|nvm|never mind|2 keer|twee keer|2de keer|twice|second time)\b/;

export function isNoShowComplaint(text: string, meetingOnTable = false, atPlace = false): boolean {
  return isNoShowComplaintFolded(foldText(text), meetingOnTable, atPlace);
}

/** isNoShowComplaint on text already folded (foldText) */
export function isNoShowComplaintFolded(f: string, meetingOnTable = false, atPlace = false): boolean {
  return COMPLAINT.test(f) || (meetingOnTable && LEAVING.test(f)) || (atPlace && GIVING_UP.test(f));
}
