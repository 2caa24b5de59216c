// Cue groups: words and shapes that hint at an act (insults, farewells, places, clock times,
// prices…). Each group is one extra feature, so a synonym seen once in training still shares the
// weight of its group. Matched on folded tokens (see normalize.ts) and on the folded text.

const GROUPS: Readonly<Record<string, string>> = {
  insult:
    'idioot idiot mongool klootzak sukkel clown zot kloten kut fuck fucking fucks wtf loser dickhead bs dumb stupid ' +
    'pff pfff ugh bruh zever zagen zeveren zagevent beu ambetant irritant annoying traag slow hurry haast rap ' +
    'genoeg enough sick fed hel hell godverdomme nondedju tijdverspiller waster nagging crazy gek belachelijk fool ' +
    'pain moeilijk hard lang long',
  suspicion:
    'flik flikken politie police cop cops fed feds bot robot undercover journalist vertrouw trust fake ' +
    'setup val bewijs prove gegeven gave gestuurd sent vragen questions sus raar weird vreemd real echt kende know',
  waiting:
    'waar where wacht wachten waiting wait sta staat staan aangekomen arrived zie see ver far blijfde blijft ' +
    'onderweg outside buiten ingang entrance zijde bijna close yet al already',
  farewell:
    'ciao bye byee dag daag doei salut salu salukes later laters peace adios ziens slaapwel goodnight goeienacht ' +
    'weg gone care succes luck klaar done forget vergeet never mind sluit closing night nacht',
  confirm:
    'ok oke okay okee okeee deal goed goe prima perfect top afgesproken bet cool sure yes ja jaja jup yeah ' +
    'omw works past orde reken count fine alright aight',
  call: 'bel belt bellen belleke gebeld call calling called phone opnemen pick answer oproep ring facetime whatsapp signal telefoon voice',
  place:
    'station park meir groenplaats plein square parking kerk church bib library halte markt market hoek corner ' +
    'adres address locatie location brug bridge frituur metro tram bus kaai schelde shell mcdonalds aldi carrefour winkel shop',
  product:
    'kwaliteit quality sterk strong zuiver pure puur vers fresh smaak taste indica sativa thc kristallen crystals ' +
    'plakkerig sticky premium top zacht soft versneden cut getest tested',
  order: 'hoeveel how much many wat what welke which wilde wilt want wanna need nodig moet bestellen order zoekte looking',
  promo: 'levering delivery leveren deliver promo actie deal deals nieuw new voorraad stock menu kaart open gratis free bestel',
};

const TIME = /\b(\d{1,2} ?(u|h|uur|pm|am)\b|\d{1,2}[:.u]\d{2}|om \d|at \d|half \d|binnen (het |een )?(\d+|uur|kwartier)|in \d+ ?(min|mins)?\b|morgen|tomorrow|vanavond|tonight|straks|seffens|zaterdag|zondag|saturday|sunday)/;
const MONEY = /(\d+ ?(e|eur|euro|euros|€)\b|€ ?\d|\d+ (voor|for|per|de|a|the)\b|\bprijs|\bprice|\bcash\b|\bbetalen|\bpay\b)/;
const QUESTION = /\?/;

const WORD_GROUP = new Map<string, string>();
for (const [group, words] of Object.entries(GROUPS)) for (const w of words.split(' ')) if (!WORD_GROUP.has(w)) WORD_GROUP.set(w, group);

/** Cue names present in a message (may repeat; repeats count). */
export function cues(folded: string, tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    const g = WORD_GROUP.get(t);
    if (g) out.push(g);
  }
  if (TIME.test(folded)) out.push('time');
  if (MONEY.test(folded)) out.push('money');
  if (QUESTION.test(folded)) out.push('question');
  return out;
}
