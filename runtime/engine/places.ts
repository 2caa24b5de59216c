// The operator's meeting places (config `places`) are the only places the bot ever names, so each
// must be public: a station, a church square, a supermarket car park. A place that could be
// somebody's home or names a person would send a dealer to that door, so it is refused when the
// config is loaded, with the reason (hard rule 3 of DESIGN.md).
import { isFirstName } from '../../core/first-names.js';
import { foldForFilter, outboundRefusal } from './outbound-filter.js';

const HOME =
  /\b(?:thuis|huis|woning|appartement|flat|kot|studio|home|house|apartment|my place|zijn plaats|haar plaats|bij mij|bij ons|bij hem|bij haar|at mine|at his|at hers|voordeur|front door|achterdeur|back door|tuin|garden|garage|oprit|driveway|slaapkamer|bedroom)\b/;

/** Why this place may not be configured, or null when it may. */
export function placeProblem(place: string): string | null {
  const folded = foldForFilter(place.trim());
  if (/\d/.test(folded)) return 'has a number in it (a house number names a home; name the place itself, e.g. "aan het station")';
  if (HOME.test(folded)) return 'could be somebody\'s home ("thuis", "huis", "home", "bij …"); only public places are allowed';
  // "at" is how English names any place ("at Central Station"); "at Tom's" is caught below
  if (/\b(?:bij|with|chez) (?!de\b|het\b|den\b|'t\b|the\b|a\b|an\b)\S+/.test(folded)) return 'names who the place belongs to ("bij …"); name a public place instead';
  if (/\w's\b/.test(folded)) return 'names whose place it is ("…\'s"); name a public place instead';
  for (const w of folded.split(/[^a-z'-]+/)) if (w && isFirstName(w)) return `names a person ("${w}"); only public places are allowed`;
  const r = outboundRefusal(place);
  if (r) return r.reason;
  return null;
}
