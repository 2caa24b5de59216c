// Language of a dealer message, nl or en, by counting marker words: messages are short and full
// of slang, so a word list beats character statistics here. Mixed messages get the dominant one.
import type { Lang } from '../core/lang.js';

// Words frequent in one language and rare in the other (Flemish spoken forms included).
const NL = new Set(
  (
    'ik ge gij zijt zijde jij je u uw de het een nen ne en is niet nie ni wa wat da dat hebt heb ' +
    'ook maar nog efkes effe eens mij mijn kan kunt kunde goe goed morgen vandaag waar wanneer ' +
    'hoeveel hier daar komen kom komde allez ja nee neen zo zijn van voor met op naar wilde wilt ' +
    'moet moete gaat ga gaan zal zeg laat aub dag tot straks seffens amai manneke mateke ' +
    'kzit kheb kweet kga tis twas wij we ons den der al als bij dan toch he hoe wie waarom alles ' +
    'niks niets iets meer nu zie sta staat ben bende zit zitte weet woont deze die dit geen ' +
    'laatste euro gram keer uur binnen buiten beter graag doe doet mag mogen ouders mama stuur ' +
    'sturen bel bellen gebeld neem opnemen afspreken hebben levering leveren prijs onderweg wacht ' +
    'gerust rust salut salukes daag doei ciao slaapwel zever zagen klootzak verkeerd nummer'
  ).split(' '),
);
const EN = new Set(
  (
    'i im you u ur your youre the a an and not dont didnt cant what how much where when here there ' +
    'come coming got have want wanna gonna tryna bro fam yeah yes now today tomorrow this that ' +
    'it its my to for of on at with can will ill be are is was were do does did get give send ' +
    'need just some any anything everything too very one more time again know live find call ' +
    'pick up answer phone texting text stop please wrong number leave alone who why which ' +
    'see waiting wait out off around near by from good nice thanks lol lmao idk omw bet aight ' +
    'gotta sorry mate dude man bruh sus youll ill im we our they them then than or no only ' +
    'quality price delivery order menu cash pills weed deal later bye peace goodnight'
  ).split(' '),
);

/** Dominant language of already folded tokens; ties go to Dutch (the Antwerp default). */
export function detectLanguage(tokens: readonly string[]): Lang {
  let nl = 0;
  let en = 0;
  for (const t of tokens) {
    if (NL.has(t)) nl++;
    if (EN.has(t)) en++;
  }
  if (nl !== en) return nl > en ? 'nl' : 'en';
  // Tie (often no marker word at all): letter pairs typical of Dutch spelling against English ones.
  let score = 0;
  for (const t of tokens) {
    if (/ij|oe|aa|ee|ui|sch|gg|v[aeiou]/.test(t)) score++;
    if (/th|wh|sh|ing$|ck|w[aeiou]|y$/.test(t)) score--;
  }
  return score < 0 ? 'en' : 'nl';
}
