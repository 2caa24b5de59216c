// Evidence the threat score needs before it may fire. A veiled threat is made of ordinary words,
// so a bag-of-words model also gives a moderate threat probability to plain dealer talk ("ill
// see", "sweet see u there", "ik ken u ni, wie zijt ge"), and one such line in a conversation
// silences it for good. A threat, even a veiled one, points at harm, at the person's life
// (their house, car, work, family, face), at the people behind the writer, or at what is coming
// ("binnenkort", "consequences"); a message with none of that is not escalated on its score
// alone (explicit rules still fire). Words are matched on the featurizer's folded tokens.

const THREAT_ANCHORS = (
  // harm
  'kapot dood dode dooie dead death die dies dying kill killen killed vermoord vermoorden murder steek steken gestoken stab stabbed ' +
  'schiet schieten shoot shot sla slaan slaag klop kloppen klappen breek breken break broken bloed bloeden blood bleed pijn hurt hurts pain ' +
  'ziekenhuis hospital spoed ambulance rolstoel wheelchair graf grave knieen knees kneecaps benen legs tanden teeth kaak jaw neus nose ' +
  'ribben ribs nek neck kop hoofd head smoel bakkes gezicht face kogel kogels bullet bullets mes messen knife blade gun pistool wapen ' +
  'weapon brand branden brandt burn burns fikken afmaken finish finished ruin ruined verdwijnen verdwijnt disappear gone vuur ' +
  // the person's life
  'adres address huis house home thuis deur door voordeur ramen windows raam auto car wagen scooter fiets nummerplaat plate ' +
  'werk work job parking kinderen kids kinders zoon son dochter daughter familie family moeder mum mom ' +
  'mama vrouw wife lief girl girlfriend vriendin zus sister broer foto fotos photo photos pic pics insta facebook locatie location ' +
  'uren schedule trainers schoenen gezien seen ' +
  // the people behind the writer
  'mannen boys lads jongens gasten mannekes brothers broers neef neven cousin cousins vrienden friends mensen people groep group ' +
  // what is coming
  'binnenkort soon nacht nachts night probleem problemen problem problems trouble gevolgen consequences spijt regret waarschuwing ' +
  'gewaarschuwd verwittiging warning warned voorzichtig careful pray bidden verzekerd verzekering insured insurance lesje lesson vijand ' +
  'vijanden enemy enemies wraak revenge payback schuldig owe debt slot locks bezoek bezoekje visit visits gevolgd volgen followed ' +
  'following watching onthoud remember vergeet vergeten forget forgive vergeven ratten rats rat snitch snitches verklikker veilig safe ' +
  'tick tock eindigt eindigen end ends ' +
  'slecht bad badly slechte angst bang scared afraid alleen alone vinden vind vindt find voelen voel feel binnen inside ' +
  'deuren doors ruiten ruit begrafenis funeral kist coffin wenen cry huilen luck geluk buiten outside ' +
  'dapper stoer brave kloot kloten ' +
  // implied harm through what may happen to the person or theirs, with no word of harm (the third
  // test set: "zou zonde zijn als daar iets mee gebeurt", "ongelukjes gebeuren snel", "ur mums")
  'gebeurt gebeuren gebeurd happen happens happened ongeluk ongelukje ongelukjes accident accidents zonde shame ' +
  'woont wonen woon live lives verdiep floor keuken kitchen trap stairs doorstep tuin garden hond dog huisbaas landlord ' +
  'mums moms dads ouders parents kleine crèche creche school speelplaats playground nephew nichtje shift ' +
  'knuppel honkbalknuppel bat snij snijden cut vel persoonlijk personally opzoeken visited collect durft dare ' +
  'scare tegenkom tegenkomen herkennen crew lasts duurt slaap slapen sleep vannacht'
).split(' ');
const THREAT_ANCHOR_SET = new Set(THREAT_ANCHORS);
const THREAT_EMOJI = /[\u{1F52A}\u{1F5E1}\u{1F52B}\u{1F4A3}\u{26B0}\u{1FA78}\u{2694}\u{1F480}\u{2620}\u{1F608}\u{1F400}\u{1F401}]/u;

/** Does the message hold evidence that lets the threat score fire (see the top of this file)? */
export function threatAnchored(tokens: readonly string[], text: string): boolean {
  for (const t of tokens) if (THREAT_ANCHOR_SET.has(t)) return true;
  return THREAT_EMOJI.test(text);
}

// Signs of youth the minor score needs before it may fire: school life, parents and their rules,
// money and cards a child has or lacks, an age said outright. Without one ("can be at the big
// tesco in 15"), only the minor rules escalate.
const MINOR_ANCHORS = (
  'school skool skul klas class les lessen lesuur juf meester leerkracht leraar lerares teacher teachers speeltijd pauze recess ' +
  'middelbaar secundair huiswerk homework examen examens exam exams finals toets toetsen test tests detention studie bijles refter ' +
  'leerjaar grade rapport chiro scouts jeugdhuis jeugdbeweging kamp camp directeur principal headteacher opvoeders opvoeder ' +
  'mama mam ma moeder mum mom mommy mammy papa pa vader dad daddy ouders parents stiefvader stiefmoeder stepdad stepmom stepmum ' +
  'oma opa bomma bompa nan grandma grandpa zus broer sister brother babysit babysitter babysitting oppas ' +
  'zakgeld weekgeld pocket allowance curfew bedtijd grounded huisarrest straf punished bankkaart bancontact card ' +
  'oud old jong young age leeftijd jaar years verjaardag birthday ' +
  // a school day and a child's week without the word school: the bell, holidays of the school
  // year, tests, youth clubs, a schoolbag, the money a child gets
  'bel bell krokusvakantie paasvakantie herfstvakantie kerstvakantie zomervakantie hols half term mocks proefwerk proefexamens ' +
  'tussenuur uitvalsuur free period uniform boekentas schoolbag jeugdhuis jeugdcentrum youth club cadets mentor concierge caretaker ' +
  'catechese communie confirmation prom spaarvarken piggy lunch money ' +
  // a child's week and papers without school or an age named (the third test set's minors):
  // a pupil's card, youth teams, detention and tutor time, parties and rules of the young
  'leerlingenkaart studentenkaart idkaart identiteitskaart u12 u13 u14 u15 u16 u17 nablijven strafstudie homeroom pshe revision ' +
  'revisie schermtijd volwassen adult turnles turnen directie fuif klasfuif sportklas mums moms dads huisarrest spijbel spijbelen ' +
  'bunk skive skiving sleepover logeren speelplaats playground'
).split(' ');
const MINOR_ANCHOR_SET = new Set(MINOR_ANCHORS);
const AGE_SAID = /\b(ik ben|kben|ben|im|i am|kzen|zen|turn|word|only|pas|nog maar|just) (1[0-7]|[89])\b|\b(year|yr) ?([7-9]|1[0-3])\b|\b[1-6] ?(de|e|ste) (jaar|middelbaar|secundair)\b|\b(be|zijn|ben|im|i am|not) 18\b|\bsixth form\b/i;

/** Does the message hold a sign of youth that lets the minor score fire (see above)? */
export function minorAnchored(tokens: readonly string[], text: string): boolean {
  for (const t of tokens) if (MINOR_ANCHOR_SET.has(t) || t.startsWith('school') || t.endsWith('school')) return true;
  return AGE_SAID.test(text);
}

// Signs of a drug business that a promotion carries: goods (words and emoji), prices and price
// lists, delivery and opening hours, deals, stock, and the "new number, same shop" formula. Hard
// rule 1 engages only a clear dealer promotion; a first message without any of these ("hey its
// Jake, new number! save it", a phishing text, a parcel notice) is never engaged on its score:
// replying to a friend's new number as a buyer would be the harassment the bot exists to avoid.
const PROMO_ANCHORS = (
  // goods
  'wiet weed wit white groen green gras grass hasj hash coke cocaine coca sneeuw snow pillen pills pillekes xtc mdma md molly ' +
  'snoep snoepjes snoepkes candy edibles paddos paddo shrooms mushies blow kush haze amnesia skunk ganja bud buds cali carts vapes vape ' +
  'thc cbd blokje blokjes blocks marokkaan marokkaanse moroccan lean ketamine keta speed ijs ice teslas gele spul stuff stuf ' +
  // business
  'levering leveringen leveren lever delivery deliver delivering deliveries drop dropoff bezorger bezorging koerier ' +
  'plug plugg dealer zaak shop service leverancier supplier menu kaart prijslijst prices prijzen price prijs ' +
  'promo promos promotie actie deal deals special korting discount sale aanbieding gratis free bonus ' +
  'stock voorraad lading batch restock restocked aangevuld landed vers verse fresh ' +
  'kwaliteit quality premium puur pure topkwaliteit ' +
  'gram gr per klanten customers bestellen bestelling orders order discreet discrete ' +
  // a broadcast to a list, not a message to one person
  'allemaal iedereen everyone everybody ' +
  // a shop's hours and rounds, with no goods named ("OPEN 🟢 bestel nu", "active til 4 🌙", "rijden tot 3u"):
  // the second test set's promos often said nothing else
  'open opened heropend heropening reopened reopening online actief active live bereikbaar reachable beschikbaar available ' +
  'bestel bestellingen ordering rondes ronde route routes runs rit ritten chauffeur driver drivers zones areas regio ' +
  'nachtdienst nightshift dienst operationeel'
).split(' ');
const PROMO_ANCHOR_SET = new Set(PROMO_ANCHORS);
// drug emoji, price lists and shop hours: "🍀 10 | ❄️ 60", "10€/g", "5 voor 40", "7/7", "24/7", "tot 3u"
const PROMO_SHAPES =
  /[\u{2744}\u{1F340}\u{1F36B}\u{1F48A}\u{1F344}\u{1F33F}\u{1F50C}\u{1F9CA}\u{1F36C}\u{1F48E}\u{1F9F1}\u{1F343}\u{1F4A8}\u{1F6F5}\u{1F69A}]|\d+ ?(€|e|eur|euro)?\s?\/\s?(g|gr|gram|st|stuk)\b|\b\d+\s?(g|gr)\b|\b\d+ (voor|for) \d+|\b(7\/7|24\/7|24\/24)\b|\d+ ?\+ ?\d+|-?\d+ ?%|\p{L}+(actie|promo|deal|korting|aanbieding)\b|\b(hey|hi|yo|evening|morning|goeienavond|goeiemorgen|goeiemiddag|hallo|hello) (all|allemaal|iedereen|everyone|mannen|fam|people|guys)\b|\b(vaste man|ur plug|your plug|uw plug)\b|\b(vanaf|from|spend|min\.?|minimum) \d+ ?(€|e|eur|euro)?\+?|\b\d+ ?\+(?!\s?\d)|\b(rijden|leveren|brengen|bezorgen|drive|deliver|bring|drop) (\S+ ){0,4}(deur|door|huis|house)\b|\b(tot|till|til|until|vanaf|from) \d{1,2} ?(u|h|uur|am|pm)?\b|[\u{1F7E2}\u{1F319}\u{2705}\u{1F6A8}\u{1F51B}\u{1F989}]|\b(nieuw|nieuwe|new) (nummer|nr|number|no|nummertje|lijn|line|gsm|phone)\b.{0,40}\b(zelfde|same) (zaak|business|service|dienst|mensen|people|gasten|guys|ploeg|team|plug|kwaliteit|quality)\b|\b(zelfde|same) (ding|ting|thing|spul|shit|stuff)\b|\b(spread the word|pass it on|tell (ur|your|je|uw) (friends|mates|boys|vrienden|mannen)|stuur (het )?door|doorsturen|zeg het voort)\b|\b(iets|something|sth|smth|summat) (voor|for) (het |the |t |this |dit )?weekend\b|\b(we zijn|we're|were|we r|we are|ik ben|im|i'm) (terug|back)\b|\bget sorted\b/iu;

/** Does a first message carry a sign of a drug business (see above)? */
export function promoAnchored(tokens: readonly string[], text: string): boolean {
  for (const t of tokens) if (PROMO_ANCHOR_SET.has(t)) return true;
  return PROMO_SHAPES.test(text);
}

// Signs that a first message is from a shop, a service, an automated notice or a relative, not a
// dealer: hard rule 1 engages only a dealer's promotion, and out of fold one first_other message in
// six that read like a promo was a pizzeria's "open tot middernacht! Bestel nu 🍕", a parcel notice,
// a prize phishing text or "Nonkel Jef hier, nieuw nummer". A buyer's reply to any of them would be
// harassment of someone who sells no drugs, so a first message with one of these is never engaged,
// whatever its promo score. Dealers do not name these businesses, links or relatives in a broadcast
// ("taxi" and "tap in" they do use, for themselves: not listed).
const NOT_A_DEALER = (
  // shops and services by name
  'pizzeria pizza pizzas dominos kapsalon kapper kappers salon barbers barber bakkerij bakery greggs frituur chippy takeaway ' +
  'deliveroo ubereats slager slagerij butcher garage bibliotheek library fitness gym restaurant tandarts dentist ' +
  'huisarts dokter doctor apotheek pharmacy loodgieter plumber schilder painter ' +
  // automated notices, billing and phishing
  'abonnement subscription factuur invoice bankkaart pakket pakje parcel package usps dhl bpost postnl dpd gls amazon ' +
  'verzonden shipped dispatched tracking klik click code voucher iphone samsung smartphone cruise gewonnen won winner ' +
  'survey enquete afspraak appointment solden stroom lesrooster timetable verleng renew ' +
  // relatives and neighbours: a new number from family is never a dealer's broadcast
  'nonkel tante tantje oom aunt auntie uncle buurman buurvrouw neighbour neighbor'
).split(' ');
const NOT_A_DEALER_SET = new Set(NOT_A_DEALER);
const NOT_A_DEALER_SHAPES = /\blink\b(?! ?up)|\b(reply stop|antwoord ja|reply yes|uber eats|tap here|tap to|\w+\.(com|be|nl|co\.uk)\b|http)/i;

/** Does a first message show it is from a shop, a service, a notice or a relative (see above)? */
export function promoVetoed(tokens: readonly string[], text: string): boolean {
  for (const t of tokens) if (NOT_A_DEALER_SET.has(t)) return true;
  return NOT_A_DEALER_SHAPES.test(text);
}
