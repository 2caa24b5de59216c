// Explicit safety rules: phrasings that leave no doubt that the writer wants out (opt_out → stop),
// threatens harm (threat → escalate) or is a minor (minor → escalate). They are one half of the
// safety reader (reader.ts); the other half is a model of its own (model.ts) that catches what
// no rule names. Rules must stay precise: dealers' ordinary talk is full of alarming-looking
// words ("ge zijt te laat", "stop met zeveren", "i'll find u, what jacket u wearing?", "this
// stuff is killer"), and a rule that fires on it silences a conversation for good. A phrasing
// that is a threat in one message and logistics in the next ("ik vind u wel", "where u live?",
// "ge zijt gewaarschuwd") belongs to the model, not here.
//
// Patterns are regular expressions written in ordinary spelling. They are matched against two
// normalised views of the message, and are themselves normalised the same way when compiled:
//   - lower case, accents and apostrophes removed ("Stóp", "sms'en" → "smsen");
//   - every run of a repeated letter squeezed to one ("STOOOPPP" → "stop"; so "verkeerd nummer"
//     in a pattern matches "verkeerd nummer", "verkerd numer" and "verkeeerd nummmer");
//   - anything but letters and digits becomes one space; letters typed apart are joined
//     ("s t o p" → "stop");
//   - the `words` view also reads digits inside words as letters ("st0p" → "stop", "5t0p"),
//     the `plain` view keeps them (so "ik ben 15" and "3de middelbaar" stay readable).
// Every pattern is anchored at a word start; add `\b` or `$` where a word must end there. A space
// in a pattern also matches words typed together.
// Write only lower case in patterns, and no \S, \W, \D, \B (compilation lower-cases the source).
// Each rule has a name (category/name), reported by `classify` when it fires.
import type { SafetyFlag } from '../../core/acts.js';
import { decodeLeet, foldText, joinSpacedLetters, squeezeLetters, wordsOnly } from '../normalize.js';
import { LiteralScanner, requiredLiterals } from './prefilter.js';

export type SafetyCategory = 'opt_out' | 'threat' | 'minor';
export const SAFETY_CATEGORIES: readonly SafetyCategory[] = ['opt_out', 'threat', 'minor'];
/** @deprecated the old name of SafetyCategory */
export type SafetyRule = SafetyCategory;

type Rules = readonly (readonly [name: string, pattern: string])[];

const YOU_NL = '(je|ge|gij|u|jij|jou|jullie)';
const YOU_EN = '(you|u|ya|yu)';
const YOU = '(je|ge|gij|u|jij|jou|jullie|you|ya|yu)';
const YOUR = '(uw|je|jouw|your|ur|yer)';
const NOT_NL = '(niet|nie|ni)';

export const OPT_OUT_RULES: Rules = [
  // "stop" as the whole message or its last word ("STOP", "stop pls", "dont know u, stop"), not "bus stop"
  ['stop-word', '(?<!(^|[^a-z])(bus|bsu|bu|tram|metro|pit|truck|full|ik|we|dan|nooit|never|the|de|a|that|die|this|deze|next|volgende|last|laatste|first|eerste) )(stop|stopt|stoppen|stopen|ophouden|ophouden)( (pls|plz|please|aub|alstublieft|nu|now|asap|dan|hiermee|ermee|all|immediately|onmiddellijk|aub dank u))?$'],
  // the standard SMS opt-out keywords, as the whole message
  ['keyword', '^(stopall|stop all|unsubscribe|cancel|end|quit|optout|opt out|revoke|unsub|uitschrijven|afmelden)$'],
  // "stop texting me essays" asks for shorter texts, not for silence
  ['stop-sending', 'stop(pen|t)? (met |with )?(mij |me )?(te )?(sms|smsen|text|texting|messag|send|sturen|berichten|bericht|contact|mail|hiermee|this|dit|da|dat)\\b(?! (me )?(essays|so much|so many|like that|paragraphs|novels|zo veel|zoveel|zo lang|zo lange|lange|romans|boeken))'],
  ['stop-sending', '(stop|stopt|stoppen) (met )?(al )?(die|deze|uw|je|your|ur|these|those) (berichten|berichtjes|sms|smsen|messages|texts|spam|rommel|shit)'],
  ['please-stop', '(please|pls|plz|gelieve( te)?|aub|alstublieft) (stop|stoppen)'],
  ['stop-sending', '(quit|stop) (sending|texting|messaging|contacting|spamming)\\b(?! (me )?(essays|so much|so many|like that|paragraphs|novels))'],
  ['wrong-number', 'verkeerd(e)? (nummer|nr|numero|persoon)'],
  ['wrong-number', '(ge hebt|gij hebt|u hebt|je hebt|hebde|stuurt naar|sms naar|stuurt het naar) (de |het )?verkeerde\\b(?! (kant|straat|ingang|halte|adres|zak|zakske|kleur|auto|uur|dag|bus|tram|plek|plaats|station|perron|richting|afrit|afslag|parking|winkel|huis|nummer van (de|het) (bus|tram|huis)))'],
  ['wrong-number', '(wrong|rong) (number|numbr|numer|nr|num|no|person|guy|girl|persoon)\\b'],
  ['wrong-number', '(mis|fout)(e)? (nummer|nr|persoon)'],
  ['wrong-number', '(u|you|youve|you have|u have|uve|youre|ur|u r) (got |have )?(the )?wrong (number|person|guy|girl)'],
  ['not-me', '(ik ben|kben|ben|kzen|ik zen) (de|die) persoon (niet|nie|ni)\\b'],
  ['not-me', 'ben de persoon (niet|nie|ni)'],
  ['not-me', '(ik ben|kben|kzen|ik zen|ben) (niet|nie|ni) (de|die) (persoon|gast|mens) (die|dat|da) (ge|je|u|gij|jullie) (zoekt|zoekt|denkt|wilt)'],
  ['not-me', '(im not|i am not) (who|the person) (you|u) (think|want|are looking|r looking|looking)'],
  ['dont-know-you', '(never|nooit) (heard of|van gehoord)'],
  ['leave-me-alone', 'laat (me|mij|ons) (gerust|met rust|alleen|in vrede)\\b(?! (tot|till|until|til|untill|for a bit|for now|voor even|efkes|effe)\\b)'],
  ['leave-me-alone', '(laat|laten) (mij |me |ons )?gerust\\b'],
  ['leave-me-alone', 'gerust laten'],
  ['leave-me-alone', 'leave (me|us|this number) alone\\b(?! (tot|till|until|til|untill|for a bit|for now|voor even|efkes|effe)\\b)'],
  // not a shop's footer ("Reply STOP to opt out"): that is the sender's text, not the reader's wish
  ['unsubscribe', '(?<!(reply stop to|text stop to|sms stop om|antwoord stop om|stuur stop om) )(unsubscribe|uitschrijven|afmelden|uitschrijving|opt out|optout|opt-out)\\b(?! (stop|sms stop|stuur stop|reply stop|text stop|antwoord stop) (naar|to|op|aan|om)\\b)'],
  ['remove-my-number', '(?<!(dont|do not|never|niet|ni|nie) )(remove|delete|verwijder|wis|lose) (me|my number|mijn nummer|mijn nr|mij|this number|dit nummer)\\b'],
  ['remove-my-number', '(?<!(dont|do not|never|niet|ni|nie) )(schrap|wis|haal) (mijn nummer|mijn nr|dit nummer)\\b'],
  ['remove-my-number', '(haal|zet|take|get) (me|mij|mijn nummer|my number|this number|dit nummer) (uit|van|off|from) (uw|je|your|ur|de|the) (lijst|list|bestand|contacts|contacten)'],
  ['remove-my-number', '(take|get) me off\\b'],
  ['remove-my-number', '(mijn|my) (nummer|nr|number) (wissen|verwijderen|schrappen|deleten)\\b'],
  ['no-more-messages', `(${NOT_NL}|geen|nooit) meer (sturen|smsen|sms|contacteren|berichten|bellen|schrijven|texten)`],
  ['no-more-messages', `${NOT_NL} meer (te )?(ontvangen|contacteren)`],
  ['no-more-messages', `(sms|text|message|contact|bel|stuur) (me|mij|hier) (niet|nie|ni|niks|niets) meer`],
  ['no-more-messages', `(stuur|sms) (me |mij |hier )?(aub |alstublieft )?(niks|niets|${NOT_NL}) (meer|hier naartoe|naar dit nummer)`],
  ['no-more-messages', '(dont|do not|never|dont ever|do not ever|don t ever|never ever) (text|message|contact|sms|write|msg|txt|call) (me|this number|here|her|him|us) (again|anymore|ever|no more)'],
  ['no-more-messages', '(dont|do not) (text|message|contact|sms|msg|txt) (me|this number)$'],
  ['no-more-messages', '(dont|do not|never) (text|message|contact|sms|msg|txt|write) (it |here |us )?(again|anymore|ever again)\\b'],
  ['no-more-messages', '(pls|please|plz) (dont|do not|never) (text|message|contact|sms|msg|txt|write)\\b'],
  ['no-more-messages', '(never|dont ever|do not ever) (text|message|contact|call|write|msg|txt) (me|this number|here)\\b'],
  ['no-more-messages', '(stuur|sms|text|send|message) (me |mij )?(niks|niets|nothing|geen berichten|no more|geen sms|geen smsen) (meer|more)\\b'],
  ['no-more-messages', '(no more|geen) (texts|messages|berichten|smsen|sms jes|berichtjes) (pls|please|aub|alstublieft|meer|more)'],
  ['not-interested', '(geen|no|zero) (interesse|interest)\\b'],
  ['not-interested', '(not|niet|ni|nie) (interested|geinteresseerd)\\b'],
  ['police-report', '(bel|call|calling|bellen|contact|haal|ring|ringing) (de |the )?(politie|police|cops|flikken|wijkagent)'],
  ['police-report', '(politie|police|cops|flikken|wijkagent) (tonen|laten zien|doorsturen|melden)\\b'],
  ['police-report', '(dit|this|dit nummer|this number|da nummer) (melden|rapporteren|reporten)\\b'],
  ['police-report', '(gerapporteerd|reported)$'],
  ['police-report', '(gemeld|doorgestuurd|doorgegeven|gerapporteerd|reported|forwarded|sending|send|sent|tonen|melden) .{0,25}(politie|police|cops|flikken|wijkagent|7726|provider|network|operator)'],
  ['police-report', '(report|reporting|reported|melden|rapporteren|gerapporteerd|aangeven|aanklagen) (this|dit|u|you|ur|uw|je)( number| nummer)?\\b'],
  ['police-report', '(ga|gaan|zal|kga|kzal) (u|je|jou|dit|da|dat|dit nummer) (aangeven|aanklagen|melden|rapporteren)\\b'],
  ['police-report', '(reported|gerapporteerd|gemeld) (as|als) spam'],
  ['police-report', '(klacht indienen|complaint)'],
  ['blocking', '(ik ga|kga|ik zal|kzal|ill|i will|im gonna|gonna|im) (u |you |je |jou |dit nummer |this number |uw nummer |ur number )?(blokkeren|block|blocking)\\b'],
  ['blocking', '(?<!(kaart|card|account|rekening|tijdelijk|temporarily|been|is|werd|was|wordt|vandaag|today|direct|meteen|binnenkort|soon) )(geblokkeerd|blocked|blocking (this number|incoming|ur number|your number)|block incoming)\\b'],
  ['blocking', '(?<!(mij|me|moogt|mag|kunt|kan|wilt) )blokkeren$'],
  ['not-a-customer', '(ik ben|kben|ben|kzen|im|i am|i m) (geen|gene|not a|no|not an|not your|not ur|nooit) (dealer|klant|customer|buyer|client|user)'],
  ['not-a-customer', '(ik gebruik|kgebruik|i use|i do|i take) (geen|no|niet|nooit|never|ni) (drugs|that stuff)\\b'],
  ['not-a-customer', '(ik gebruik|kgebruik) (da|dat|dit|die rommel) (niet|nie|ni)\\b'],
  ['not-a-customer', '(i dont|i do not|i never) (use|used|do|did|take|took) (drugs|that stuff|that shit|any of that)\\b'],
  ['not-a-customer', '(doe|doen) (daar|er) (niet|nie|ni) aan mee'],
  ['not-ordered', '(heb|have|had) (niks|niets|nothing|never|nooit) (besteld|ordered|gevraagd|asked)'],
  ['not-ordered', '(didnt|did not|never|nooit) (order|ordered|ask for|asked for|besteld)'],
  ['mistake', '(dit is|this is|is) (een |a )?(vergissing|mistake|misverstand)'],
  ['nothing-to-do', '(heb|have|want) (hier |ik )?(niks|niets|nothing) (mee te maken|to do with)'],
  ['nothing-to-do', '(wil|want) (hier |daar |ik )?(niks|niets|nothing) (mee|with|van|from)'],
  ['you-are-mistaken', '(ge zijt|gij zijt|u bent|je bent|you are|youre|u r) mis\\b(?! (met|with|ik zei|i said|its|t is|tis|het is))'],
  ['you-are-mistaken', '(vergist|confused|mistaken) (van |me |u |mij |with )?(nummer|number|persoon|person|someone|iemand)'],
  ['no-longer', 'no longer (want|wish|receive)'],
  ['dont-want-this', `(ik wil|kwil|i want|ik wens) (dit|this|these|deze) (${NOT_NL}|no more|anymore)\\b`],
  ['dont-want-this', '(dont|do not) want (this|these|any of this|whatever this is|ur spam|your spam|these texts|your texts|ur texts|any of it)\\b'],
  ['dont-want-this', '(ik wil|kwil|wil) (dit|dat|da|deze|die) (berichten|sms|smsen|rommel|spam) (niet|nie|ni)'],
  ['stop-it', '(?<!(ik|we|wij|i|dan) )(stop|quit|hou|houd) (it|ermee|er mee|daarmee|daar mee)\\b(?! (voor|for) (vandaag|vanavond|today|tonight))'],
  ['stop-it', '(hou|houd) (nu |eens |ne keer |toch )?op( (aub|pls|please|alstublieft|nu|now|asap|ermee|hiermee|daarmee))?$'],
  ['stop-it', '(hou|houd) (nu |eens |ne keer |toch )?op met (die|deze|uw|je|al die|dat|da|dit|jullie) (berichten|berichtjes|sms|smsen|spam|rommel|shit|gedoe|texts)'],
  ['texts-from-this-number', '(texts|messages|berichten|smsen|sms|sms jes|berichtjes) (van|from) (dit|this|da|that) (nummer|number)'],
  ['someone-elses-phone', '(dit is|this is|is|hier is t|its|it s|dit is een) (de |het |the |een |a )?(gsm|phone|telefoon|nummer|number|prepaid|toestel) van (mijn|my) (oma|opa|grootmoeder|grootvader|moeder|vader|schoonvader|schoonmoeder|man|vrouw|baas|overleden|bomma|bompa|meter|peter|tante|nonkel|oom|grandma|grandmother|grandfather|nan|mother|father|husband|wife|boss)'],
  ['someone-elses-phone', '(this is|its|it s) (my|a) (grandmas|grandmothers|nans|nan s|mums|mothers|dads|fathers|aunties|uncles|husbands|wifes|late fathers|late mothers|work|company|business|shared|family) (phone|number|mobile)'],
  ['someone-elses-phone', '(dit is|this is|is) (een |a )?(bedrijfsnummer|werknummer|vaste lijn|landline|work phone|company phone|business number)'],
  ['someone-elses-phone', '(this number|dit nummer) (belongs to|is van|was van|is from|was)'],
  ['someone-elses-phone', '(mijn|my) (oma|opa|grootmoeder|grootvader|grandma|grandmother|nan|nana|granny|grandad|grandfather|schoonvader|schoonmoeder) (heeft|kreeg|got|received|krijgt|gets)'],
  ['new-owner', '(heb|have|got|kreeg) (dit|this) (nummer|number) (pas |only |maar )?(sinds|since|last|vorige|for a|een paar)\\b'],
  ['new-owner', '(vorige|previous|old|oude) (eigenaar|owner)'],
  ['go-away', '^(just |please |pls )?go away$'],
  ['stop-it', '(pack|knock|cut) it (in|off|out)\\b'],
  ['stop-it', '(give it a rest|leave it out)\\b'],
  ['new-owner', '(bought|got|kocht|kreeg|heb) (this|a new|deze|een nieuwe|nieuwe|new|dit) (sim|simkaart|sim card|number|nummer|phone|gsm|prepaid)\\b.{0,20}(yesterday|gisteren|last|vorige|recently|onlangs|pas|just|net)\\b'],
  ['new-owner', '(old|previous|vorige|oude) (customer|klant|user|gebruiker)\\b.{0,10}(not me|ni mij|niet mij|ben ik ni|ben ik niet|isnt me|dont know|ken ik ni|ken ik niet)'],
  ['new-owner', '(dont know|ken) (ur|your|uw|je) (old|oude|vorige) (customer|klant)'],
  ['enough', '(genoeg nu|genoeg geweest|nu is t genoeg|nu is het genoeg|enough now|thats enough|that s enough|had enough of (these|ur|your|this spam))\\b'],
  ['wrong-person', '(moet|moogt|zoekt|bedoelt|need|want|mean|looking for) (iemand|someone|somebody) (anders|else)\\b'],
  ['wrong-person', '(kent|know) (mij|me) (niet|nie|ni|not)\\b'],
  ['not-my-thing', '(ben|zijn|am|im|i m) (daar|er) (niet|nie|ni|not) (mee )?(bezig|into|interested)\\b'],
  ['not-my-thing', '(ik doe|kdoe|i dont do|i do not do) (da|dat|dit|such|that|this) (soort |kind of )?(dingen|things|stuff)? ?(niet|nie|ni)\\b'],
  ['not-my-thing', '(i dont do|i do not do|never done|nooit gedaan) (that|this|such things|that kind of thing|drugs)\\b'],
  ['police-report', '(politie|police|cops|flikken|wijkagent) (is|are|zijn|has been|have been|werd|wordt) (verwittigd|gewaarschuwd|ingelicht|informed|notified|alerted|called|gebeld)'],
  ['police-report', '(aan|to|naar|with) (de |the )?(politie|police|cops|flikken|wijkagent) (geven|doorgeven|laten weten|melden|doorsturen|passing)\\b'],
  ['police-report', '(pass|passing|hand|handing|give|giving|forward|forwarding) (this|it|dit|ur|your) (number |nummer )?(on )?(to|aan|naar) (the |de )?(police|politie|cops|flikken)'],
  ['remove-my-number', '(schrap|wis|verwijder) (mij|me)( aub| pls| please| alstublieft)?$'],
  ['go-away', '(rot op|piss off|fuck off|get lost|sod off) (met|with) (uw|je|your|ur|die|that|this|these|deze|al die) (spam|rommel|shit|berichten|texts|messages|crap)'],
];

export const THREAT_RULES: Rules = [
  ['know-where-you-live', `(weet|ken|kweet|know|kno|no) (waar|where) (${YOU_NL.slice(1, -1)}|${YOU_EN.slice(1, -1)}|ur) ?(woont|woon|werkt|zit|slaapt|live|lives|work|stay|sleep|sleeps)\\b`],
  ['know-where-you-live', `(weet|ken|kweet|know|kno|no) .{0,25}(en|and) (waar|where) (${YOU_NL.slice(1, -1)}|${YOU_EN.slice(1, -1)}|ur) ?(woont|woon|werkt|slaapt|live|lives|work|sleep|sleeps)\\b`],
  ['know-who-you-are', `(?<!(dont|do not|dnt|didnt|ni|niet|nie) )(wij|we|ik|k|i) (weten|weet|know|kno) (nu |al |now |already |exactly |precies )?(wie|who) (ge|gij|je|jij|u|you|ya) (zijt|bent|are|r|is)\\b(?! (the|de|from|van|toch|right))`],
  ['know-your-home', `(?<!(dont|do not|don t|dnt|didnt) )(ken|kennen|kweet|weet|know|kno) ${YOUR} (adres|address|huis|house|family|familie|school|werk|job|kids|kinderen|auto|car|straat|street|lief|vrouw|wife|girl|gezicht|face)\\b(?! (ni|niet|nie|not))`],
  ['know-your-home', `(kweet|weet|know|kno) (wa voor|welke|what|which) (auto|car|school|straat|street) ${YOU}`],
  ['know-your-home', '(weet|kweet|know|kno) (in welke|what|which) school'],
  ['you-will-pay', '(er)?van lusten'],
  ['you-are-done', '(ge gaat|gij gaat|je gaat|gade|ge zijt|gij zijt|zijde|je bent|jij bent|u bent) (er )?(eraan|het haasje|er geweest)\\b'],
  ['you-are-done', '(zijt|zijde|bent) er geweest'],
  ['kill-you', `(maak|make|maken) (${YOU_NL.slice(1, -1)}|you) (af|kapot|dead)\\b`],
  ['kill-you', 'kapot (maken|slaan|steken|schieten)'],
  ['kill-you', `(ga|gaan|zal|zullen|kzal|kga) ${YOU_NL} (kapot|afmaken|pakken|krijgen|slaan|steken|neersteken|neerschieten|kapotmaken|vermoorden)\\b`],
  ['come-for-you', `(kom|komen) ${YOU_NL} (halen|pakken|zoeken|opzoeken)\\b`],
  ['come-for-you', `(coming|come|comin) (for|after) ${YOU_EN}\\b`],
  ['stab-you', `(steek|steken|stab|shoot|schiet|schieten|slice|beat|shank|stabbing|shooting) (${YOU_NL.slice(1, -1)}|${YOU_EN.slice(1, -1)})\\b(?! (er|erbij|bij|nog|a|an|the|some|een|iets|wat|over|to it))`],
  ['stab-you', '(neer|dood|kapot)(steken|schieten|slaan|stek)'],
  ['stab-you', `(steek|stab|shoot|schiet|sla) (ik |i )?(${YOU_NL.slice(1, -1)}|${YOU_EN.slice(1, -1)}) (neer|dood|kapot|down|af)\\b`],
  ['stab-you', `(steek|schiet|sla|stab|shoot) ik ${YOU_NL}\\b`],
  ['stab-you', '(cut|slice) (you|u|ya) (up|open)'],
  ['dead-man', `(ge zijt|gij zijt|zijde|je bent|jij bent|u bent|you are|youre|ur|u r|u are|your) (een |ne |nen |a )?(dood|dead|dooie)( man| meat| vlees)?(?= (als|if|when|wanneer|zodra|once|bro|mate|manneke|vriendje|jong|gast|fam|man|i swear|swear|echt|trust|ik zweer)\\b|$)`],
  ['dead-man', '(ge zijt|gij zijt|zijde|je bent) (nen |ne |een )?dooie'],
  ['kill-you', `(kill|killen|vermoord|vermoorden|murder|end) (${YOU.slice(1, -1)}|your|ur|uw)\\b`],
  ['kill-you', '(ill|i will|gonna|ima|im gonna|i ll) (kill|murder|end|finish) (you|u|ya|ur|your)\\b'],
  ['when-i-catch-you', `(wacht maar tot|wait till|wait until|wait til) (ik|i|we|wij) (je |u |jou |you |ya )?(zie|see|find|vind|meet|tegenkom|tegenkomen|get|catch|krijg|pak)\\b`],
  ['when-i-catch-you', `(wait till|wait until|wait til|wacht maar tot) (u|you|ge|gij) (meet|ontmoet|kennismaakt met) (my|mijn|de)\\b`],
  ['when-i-catch-you', `(als|when|if|wanneer|zodra) (ik|i|we|wij) (je|u|jou|you|ya) (tegenkom|tegen kom|catch|vang|te pakken krijg|tegenkomen)`],
  ['i-will-get-you', `(ik|i|we|wij) (ga|gaan|gonna|will|ll|zal|zullen) (je|u|jou|you) (krijgen|pakken|hurt)\\b`],
  ['i-will-get-you', `(ik|we|wij) (krijg|krijgen) ${YOU_NL} wel\\b`],
  ['fuck-you-up', `(fuck|f) ${YOU_EN} up\\b`],
  ['watch-your-back', `(watch|mind) ${YOUR} (back|family|kids|mother|mom|mum|wife|girl|step|windows|house|car|door)\\b`],
  ['watch-your-back', '(watch|mind) (urself|yourself|ur self|your self|yerself)\\b'],
  ['watch-your-back', '(pas|let) maar op( (gij|gast|manneke|vriendje|jong|voor mij|voor ons|bro|he|jongen))?$'],
  ['watch-your-back', '(pas|let) (maar )?op voor (mij|ons|mijn mannen|de mannen)\\b'],
  ['watch-your-back', `(pas op|let op|kijk uit|pas maar op) (voor )?${YOUR} (familie|kinderen|moeder|ma|rug|vrouw|lief|auto|huis|ramen|deur)\\b`],
  ['watch-your-back', `(kijk|let) maar (goed |goe )?(achter|om) ${YOU_NL}\\b`],
  ['watch-your-back', '(blijf|blijft) (maar )?(goed |goe )?(omkijken|achter u kijken|achter je kijken)'],
  ['watch-your-back', '(sleep|sleeping) with one eye open'],
  ['regret', '(?<!(wont|won t|will not|never|not|dont|geen|nooit|niet|ni|nie|no) )(spijt krijgen|spijt van krijgen|spijt van hebben|spijt hebben|gonna regret|will regret|ll regret|you ll regret|regret this|regret it)(?!.{0,40}\\b(deal|deals|aanbieding|offer|prijs|price|koopt|kopen|buy|skip|mist|miss|voorraad|stock|promo)\\b)'],
  ['disappear', `(laten verdwijnen|make ${YOU_EN} disappear)`],
  ['weapon', '(gun|strap|pistool|blaffer|knife|wapen|weapon|glock|machete|kalash|kogel|bullet)\\b'],
  ['weapon', '(ik heb|kheb|i got|ive got|i have) (een |ne |nen |a )?(mes|knife|blade)\\b'],
  ['send-my-men', '(stuur|send|sending|sturen|sent) (mijn|my|de) (mannen|boys|jongens|gasten|mannekes|guys|people|lads|brothers|broers)\\b'],
  ['send-my-men', '(my|mijn) (boys|guys|lads|mannen|gasten|jongens|brothers|broers) (zoeken|zoekt|are looking|r looking|looking for|kennen|know|already got|al|hebben uw|have ur|got ur|are on their way to|r on their way to|coming for|komen voor|gaan u|vinden u)\\b'],
  ['send-my-men', '(de|the) (mannen|lads|boys) (kennen|zoeken|know|are looking|r looking)\\b'],
  ['you-get-hurt', '(get|getting|gonna get|will get|ll get|gaat) (hurt|hurted|smoked|wet)\\b'],
  ['you-get-hurt', '(pijn (doen|gaan doen)|doe u pijn|doe je pijn)'],
  ['break-your-face', `(smash|bash|break|breek|breken|kick|slaan|sla|klop|kloppen|schop|ima break|gonna break) (both )?${YOUR} (head|face|legs|teeth|kop|hoofd|smoel|bakkes|tanden|benen|jaw|knees|knieen|neck|nek|arm|armen|ribs)\\b`],
  ['break-your-face', '(kop|hoofd|smoel|bakkes) (in|kapot)\\b'],
  ['break-your-face', `(zeg|say) (maar )?(dag|goodbye|bye) (tegen|to) ${YOUR} (tanden|teeth|knieen|knees|benen|legs)`],
  ['break-your-face', '(nie|niet|ni) meer herkennen'],
  ['you-are-done', '(and|en) (youre|ur|you are|u r|ge zijt|zijde) (done|finished|dead|gone|weg|eraan)\\b'],
  ['you-are-done', '(youre|ur|you are|u r) (finished|dead|a dead man)\\b$'],
  ['put-in-hospital', '(belanden|end up|eindigen|landen|terechtkomen|wake up) in (het |the |t |de |a )?(ziekenhuis|hospital|graf|grave|rolstoel|wheelchair|spoed)'],
  ['put-in-hospital', `(put|send|leggen|sturen|brengen|leg|stuur) (${YOU.slice(1, -1)}) (in|naar) (the |het |t |de )?(hospital|ziekenhuis|rolstoel|wheelchair|grave|graf|spoed)`],
  ['beat-up', '(in elkaar (slaan|timmeren|stampen|laten slaan|steken)|beaten up|beat (you|u|ya) up|beat the|sla u in elkaar)'],
  ['bleed', '(bloeden|bleed|bloed)\\b'],
  ['burn', '(huis|house|auto|car|winkel|shop|place|ramen|windows) .{0,15}(branden|burn|in brand|fikken|afbranden|brandt|burns)'],
  ['burn', `(burn|steek|steken) ${YOUR} (huis|house|auto|car|place|shop|winkel) (down|in brand|af)`],
  ['burn', `(burn|torch) ${YOUR} (house|car|place|shop)\\b`],
  ['slang-harm', `(wreck|merk|pop|shank|jump|rush|violate) ${YOU_EN}\\b`],
  ['acid', '(zijde|zijt|bent|zal) (ge |gij )?zuur\\b'],
  ['track-you', `(ga|gaan|zal|ill|i will|gonna|i ll) ${'(je|u|jou|you|ya)'} (track|traceren|opsporen)\\b`],
  ['track-you', '(traced|getraceerd) (this|dit|ur|uw|your|je) (number|nummer)'],
  ['regret', '(youll|ull|you will|gonna|u will|ge gaat|je gaat) (regret|wish (you|u) never|wensen dat)(?!.{0,40}\\b(deal|deals|aanbieding|offer|prijs|price|koopt|kopen|buy|skip|mist|miss|voorraad|stock|promo)\\b)'],
  ['see-what-happens', '(see|watch) what (happens|will happen|gonna happen)'],
  ['see-what-happens', '(ge gaat|je gaat|gij gaat|ge zult|je zal|ge zal|gaat) (nog )?(wel )?(zien|merken) (wat|wa) (er )?(gebeurt|er van komt|ervan komt)'],
  ['see-what-happens', '(wat|wa) er (met )?(u|je|jou) (gaat )?(gebeurt|gebeuren)'],
  ['see-what-happens', `(something|smth|sth) (bad )?(gonna|will|might|could|is going to) happen to ${YOU_EN}\\b`],
  ['see-what-happens', `(er )?(gaat|zal) (iets|wa|wat) (ergs )?(met|gebeuren met) ${YOU_NL}\\b`],
  ['see-what-happens', '(youll|you will|ull|u will|ge gaat|je gaat) (see|zien|het nog zien|het zien)$'],
  ['see-what-happens', '(ge gaat|gij gaat|je gaat|ge krijgt|je krijgt) (ne |een |nen )?bezoek( krijgen)?\\b'],
  ['see-what-happens', '(ge gaat|je gaat|gij gaat) ni (lang meer|meer) (lachen|durven)'],
  ['pay-a-visit', '(we ll|well|we will|gonna|ill|i ll|i will) (pay|paying) (you|u|ya) a visit'],
  ['pay-a-visit', `(we|wij|ik) (komen|kom) persoonlijk$`],
  ['pay-a-visit', '(staat|staan|stand) (er )?(iemand|someone|we|de mannen) (voor|bij) (uw|je|jouw|ur|your) (deur|door)'],
  ['pay-a-visit', '(next time|daarna|volgende keer) (we|komen we) (come round|come by|langs)'],
  ['snitches', 'snitches get stitches'],
  ['passed-to-my-men', '(nummer|number|adres|address|foto|photo|gegevens|details|naam|name|gezicht|face) .{0,20}(doorgegeven|gegeven|gestuurd|doorgestuurd|sent|given|passed|shared|gedeeld|forwarded) (aan|to|naar|met|with) (de|the|mijn|my) (mannen|boys|lads|jongens|gasten|guys|people|vrienden|friends|groep|group|brothers|broers)\\b'],
  ['passed-to-my-men', '(sent|send|gave|give|passed|pass|stuur|stuurde|gaf|geef) (ur|your|uw|je) (number|nummer|adres|address|foto|photo|face|gezicht|name|naam) (to|aan|naar) (the|de|my|mijn) (mannen|boys|lads|jongens|gasten|guys|people|vrienden|friends|groep|group|brothers|broers)\\b'],
  ['small-city', '(antwerpen|antwerp|de stad|the city|deze stad|this city|this town|t stad|het stad) is (klein|small|niet groot|not big)\\b'],
  ['not-safe', '(ge zijt|gij zijt|zijde|je bent|u bent|ur|youre|you are|u r) (ni|niet|nie|not|nergens|nowhere) (meer )?(veilig|safe)\\b'],
  ['ruin-you', `(ruin|verpest|verwoest) ${YOUR} (life|leven)\\b`],
  ['last-message', `(dit|this) (wordt|is|will be|gonna be|gaat) (${YOUR.slice(1, -1)}) (laatste|last) (bericht|message|text|sms)`],
  ['your-family-pays', `${YOUR} (familie|family|moeder|mum|mom|kinderen|kids|vrouw|wife|lief) (gaat|will|gonna|zal) .{0,20}(voelen|feel|hear about this|pay|betalen|boeten|suffer|lijden)\\b`],
  ['dont-know-who', '(dont know|weet ni|weet niet|weet nie|no idea|geen idee) (who|met wie|wie) (ur|you re|youre|u r|you are|ge|gij|je) (messing|fucking|dealing|bezig|te maken|praat|talking|speelt|playing)'],
  ['wrong-people', '(messed|fucked|messing|fucking|gespeeld|sollen) with the wrong\\b'],
  ['wrong-people', 'verkeerde (gast|persoon|mens|mannen|gasten) (gekozen|uitgekozen|gekloot|gesold)'],
  ['run', '(run while (u|you) can|loop maar zolang het kan|vlucht maar)\\b'],
  ['last-night', `(enjoy|geniet van) ${YOUR} (last|laatste)\\b`],
  ['lesson', '(teach (u|you|ya) a lesson|(u|je|jou) (een|ne) lesje leren)'],
  ['see-it-coming', '(wont see it coming|won t see it coming|ni zien aankomen|niet zien aankomen|nie zien aankomen)'],
  ['see-it-coming', '(whats|what s|what is) coming (to|for) (u|you|ya)\\b'],
  ['hard-way', '(easy way or the hard way|makkelijke of (de |op de )?moeilijke manier)'],
  ['enemy', '(made an enemy|vijand gemaakt|nen vijand bij)'],
  ['stupid-games', 'stupid games'],
  ['ultimatum', '(nog (ene|een|1|eens|ne) keer|one more (time|text|word|thing|message)|say that again|zeg da nog|nog eens zo|keep (texting|talking|playing|going)|doe zo (voort|verder)) .{0,40}(kom|coming|come|komen) (naar|to|round|by|aan|at) (uw|your|ur|je) (huis|house|door|deur|place|home|crib|werk|work)\\b'],
  ['ultimatum', '(nog (ene|een|1|eens|ne) keer|one more (time|text|word|thing|message)|say that again|zeg da nog|keep (texting|talking|playing|going)|doe zo (voort|verder)) .{0,30}(ur|youre|you re|ge zijt|zijde|gij zijt|je bent) (dead|done|finished|dood|eraan|het haasje|er geweest)\\b'],
  ['send-someone', `(laat|let) ${YOU_NL} (opzoeken|zoeken|halen|pakken)\\b`],
  ['hired-someone', '(heb|kheb) (al )?iemand op (u|je|jou) (gezet|af gestuurd)'],
  ['your-photo', `(foto|pic|picture|photo|fotos|pics) (van|of) ${YOUR} (huis|house|auto|car|familie|family|kids|kinderen|moeder|mom|mum|vrouw|wife|voordeur|front door|deur|door)`],
  ['your-photo', `(uw|je|your|ur) (foto|gezicht|face|photo|number|nummer|adres|address|naam|name) (zit|is|staat|has been|gaat|goes|is going) .{0,15}(groep|group|online|shared|gedeeld|around|rond)`],
  ['you-wont-walk', '(u|you|ge|je) (wont|will never|will not|zult nooit|gaat nooit|gaat ni|gaat niet) (walk|lopen|stappen)\\b'],
  // common veiled-threat idioms (nl, en)
  ['idiom', '(borrowed time|days are numbered|dagen zijn geteld|count (ur|your) days|tel (uw|je) dagen)\\b'],
  ['idiom', '(one way or (another|the other)|op de ene of (de )?andere manier|hoe dan ook betalen)'],
  ['idiom', '(ull|youll|you ll|you will|u will|gonna|going to|ge gaat|gij gaat|je gaat|ge zult|gaat ge) (pay|betalen|boeten|bekopen|bezuren|berouwen)\\b(?! (cash|contant|me|mij|bij|at|on|via|with|met|for|voor|the|de|het|t|extra|meer|more|less|minder|\\d))'],
  ['idiom', `(${YOU.slice(1, -1)}|ge hebt|gij hebt|ge hebde|you have|u have|youve|uve|u got|you got) (nu |now )?(een |a |ne |nen )?(groot |big |serious |serieus )?(probleem|problem)\\b(?! (met|with) (de|the|uw|ur|je|your) (prijs|price|levering|delivery|bestelling|order|gsm|phone|auto|car))`],
  ['idiom', '(eindigt|loopt|gaat|will end|ends|gonna end|this ends|aflopen|afloopt) (slecht|badly|bad|ni goe|niet goed|nie goe)\\b(?! (weer|weather))'],
  ['idiom', '(wont|will not|aint gonna|not gonna) end well\\b'],
  ['idiom', '(death wish|wanna die|want to die|wil ge dood|wilde dood|wil je dood)\\b'],
  ['idiom', '(crossed|messed with|fucked with|played with) the wrong (guy|people|person|man|dude|one|family)\\b'],
  ['idiom', '(this is|it is|its|this aint|it aint|dit is|t is|tis) (not|nog ni|nog niet|nog nie|ni|niet) (over|gedaan|voorbij)\\b'],
  ['idiom', '(we zijn|ik ben|were|we are|im|i am) (nog )?(ni|niet|nie|not) (klaar|done|finished) (met|with) (u|je|jou|you)\\b'],
  ['idiom', '(shame|jammer|zonde|spijtig) (if|als|moest|mocht) (something|iets|er iets|there)'],
  ['idiom', '(accidents happen|ongelukken gebeuren|ongelukjes gebeuren)\\b'],
  ['idiom', '(look over ur shoulder|look over your shoulder|over uw schouder kijken|over je schouder kijken)'],
  ['idiom', '(watch ur step|watch your step|kijk uit waar ge loopt|pas op waar ge loopt)\\b'],
  ['idiom', '(can run but|kunt lopen maar|kunt vluchten maar)'],
  ['idiom', '(expect (a visit|company|us|visitors)|verwacht (bezoek|ons))\\b'],
  ['idiom', '(ge speelt met vuur|playing with fire|speelt met uw leven|play with ur life)'],
  ['idiom', '(ur|your|uw|je) (last|laatste) (mistake|fout|kans gehad|chance was)\\b'],
  ['idiom', '(biggest|big|grootste|grote) (mistake|fout|vergissing) (of ur life|of your life|van uw leven|van je leven)'],
  ['idiom', '(wish (u|you) (never|hadnt|had not)|wensen da ge nooit|wensen dat ge nooit|wensen dat je nooit)'],
  ['idiom', '(duur te staan komen|cost (u|you) dearly|kost (u|je) duur)\\b'],
  ['idiom', '(we re|were|we are|im|i am|i m|ik ben|we zijn) (watching|keeping an eye on|in de gaten aan het houden|aan het kijken naar) (u|you|ur|uw|je)\\b'],
  ['idiom', '(houden|hou|houd) (u|je|jou) in de gaten\\b'],
  ['idiom', '(get ugly|gets ugly|wont be pretty|not be pretty|lelijk worden|ni mooi zijn)\\b'],
  ['idiom', '(?<!(dont|do not|don t|dnt|didnt|never|nobody|no one|niemand) )(u want|you want|want|wilt ge|wilde|wil je) (smoke|problems|problemen|trouble|ruzie|oorlog|war)\\b'],
  ['idiom', '(ge zijt|zijde|gij zijt|je bent) (de sjaak|de klos|de pineut|gezien|erbij)\\b(?! (van|op|voor|bij))'],
  ['idiom', '(a beating|een pak slaag|ne lap|een lap|een klop|ne klop) (op|voor|for|on)? ?(uw|je|ur|your)?\\b'],
  ['death-wish', '(in ne zak eindigen|swimming in the schelde|zwemmen in de schelde)'],
  ['death-wish', '(schelde|kanaal|dokken|river|canal) van (dichtbij|onderen)'],
  ['stab-you', '(snij|snijd|snijden|cut) (u|je|jou|you|ya) (open|kapot|up)\\b'],
  ['over-for-you', '(its|it s|it is|t is|tis|het is|da is|dat is) (over|gedaan|done) (for|voor|met) (u|you|ya|je|jou)\\b'],
  ['make-you-pay', '(make|makes|laten|laat) (u|you|ya|je) (pay|betalen|boeten)\\b(?! (less|more|minder|meer|cash|contant|upfront|vooraf|first|eerst|\\d))'],
  ['make-an-example', 'make an example (out )?of (u|you|ya)\\b|(een|ne) voorbeeld (van|aan) (u|je|jou) (maken|stellen)'],
  ['eyes-on-you', '(eyes|oog|ogen) (on|op) (ur|your|uw|je|u|you)\\b'],
  ['know-me-yet', '(ge gaat|gij gaat|je gaat|ge zult|je zult|you ll|youll|you will) (mij|ons|me|us) (nog )?(wel )?(leren kennen|get to know)'],
  ['wrong-toes', '(verkeerde tenen|wrong toes)'],
  ['they-will-find-you', '(ze|zij|we|wij|they|my boys|my guys|mijn mannen|de mannen|the boys|someone|iemand) (gaan|zullen|zal|gaat|will|gonna|r gonna|are gonna|are going to|is gonna|is going to) (u|je|jou|you|ya) (wel )?(vinden|find|opzoeken|track down|find out where)\\b'],
  ['they-will-find-you', '(they|we|my boys|my guys|the boys|the lads|someone|somebody) (will|ll|gonna|r gonna|are gonna|are going to|is gonna|is going to|re gonna) (find|track down|get|catch|come for) (u|you|ya)\\b'],
  ['they-will-find-you', '(we|wij|ze|zij|mijn mannen|de mannen) (vinden|krijgen|pakken) (u|je|jou) (wel|nog|toch|overal)\\b'],
  ['they-will-find-you', '(ik|k|we|wij) (vind|vinden) (u|je|jou)\\b.{0,20}(en dan|and then|dan is|then its)'],
  ['dead-man', '(ge zijt|gij zijt|zijde|je bent|jij bent|u bent|you are|youre|ur|u r) (een |ne |nen |a )?(dode|dooie|dead) (man|meat|vent|gast)\\b'],
  ['funeral', '(begrafenis|funeral|kist|coffin|grafsteen|gravestone)\\b.{0,30}(plannen|planning|regelen|kopen|buy|bestellen|order|ready|klaar)|(plannen|planning|regelen|organise|organize) (a |een |ne |uw |your |ur |je )?(begrafenis|funeral)'],
  ['lock-your-doors', '(lock|sluit|doe) (the|de|ur|your|uw|je) (doors|deuren|door|deur|windows|ramen)\\b.{0,20}(tonight|vanavond|vannacht|goed|well|good|op slot)'],
  ['lock-your-doors', '(let|pas) (maar )?op (uw|je|ur|your) (ruiten|ramen|deur|auto|wagen|car|windows)\\b'],
  ['stay-inside', '(blijf|stay) (maar )?(binnen|inside|indoors|thuis|home)\\b.{0,30}(vanavond|tonight|deze week|this week|weekend|als ik u was|if i was u|if i were you|raad ik|advice|trust)'],
  ['stay-inside', '(dont|do not|never|ga|ge gaat|zou) (go|ni|niet|nie)? ?(out|buiten|naar buiten) (komen |gaan )?(alone|alleen|te veel|too much)'],
  ['come-knocking', '(come|coming) knocking|(aan|op) (uw|je) deur (kloppen|staan|komen)|(komen|kom) (we|wij|ik) (eens |ne keer )?(aankloppen|langs)\\b'],
  ['waste-you', '(?<!(many|all|some|both|none|one|two|three|few|lot|most|each|any|who|which|half) )(waste|wasting|smoke|smoking|drop|dropping|merk|off) (u|you|ya)\\b(?! (a|an|the|some|off|at|with|for|\\d))'],
  ['find-out', '(fuck around and find out|fafo|play stupid games)\\b'],
  ['lie-flat', '(ge ligt|gij ligt|je ligt|you ll be|youll be|ur gonna be) (morgen |tomorrow |straks |soon )?(plat|down|on the floor|op de grond|in de goot)\\b'],
  ['leave-town', '(andere stad|other city|another city|new city|leave (town|the city|antwerp)|vertrek uit (de stad|antwerpen)|verhuizen als ik u was|move if i was u)'],
  ['comes-back', '(dit|dat|da|this|that|it) (komt|will come|is coming|gaat) (terug|back) (naar|to|for|op) (u|you|ya|je)\\b'],
  ['your-address-soon', '(uw|je|ur|your) (adres|address|huisadres|home address)\\b.{0,20}(binnen|within|in) (het |een |an |the |1 )?(uur|hour|dag|day|minuten|minutes)'],
  ['everyone-knows', '(everyone|iedereen|heel de|the whole) .{0,20}(knows|kent|weet) (ur|your|uw|je) (name|naam|face|gezicht|adres|address)'],
  ['looking-over', '(start|begin|keep) (looking|kijken) over (ur|your|uw|je) (shoulder|schouder)|over (ur|your) shoulder'],
  ['no-laughing', '(gedaan|done|over) met (lachen|grappen)|(we ll|well|we will|gonna) see how (funny|brave|tough|hard)'],
  ['no-sleep', '(rustig|goed|gerust|kalm) slapen .{0,20}(ni|niet|nie|nooit) meer|(wont|will not|will never|never) sleep (well|easy|soundly|peacefully) (again|no more)|sleep (well|tight) while (u|you) (can|still can)'],
  ['you-are-done', '(ur|youre|you re|you are|u r|ge zijt|gij zijt|zijde) (done|finished|klaar|gedaan)[,.! ]+(u|you|ya|ge|gij|hoort ge) (hear|hoort|verstaan) (me|mij)'],
];

const AGE_NUM = '(1[0-7]|[89])';
const AGE_NL = '(acht|negen|tien|elf|twaalf|dertien|veertien|vijftien|zestien|zeventien)';
const AGE_EN = '(eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen)';
// "ik ben 15 min te laat", "im 10 mins away", "ben 14:30 daar" are not ages
const NOT_A_UNIT =
  '(?! ?(min|minuten|minuutjes|minutes|mins|m|sec|u|uur|uurtjes|h|hr|hrs|hours|e|eur|euro|euros|km|meter|gram|gr|g|x|keer|stuks|pillen|pills|dagen|days|weken|weeks|minuten|mn|away|weg|late|te laat|later|te vroeg|early|kwijt|short|tekort|stappen|steps|blocks|straten|streets|pm|am|op|of|van|from|met|by|tot|for|voor|ofzo)\\b)(?! [0-9])';
const I_AM_NL = '(ik ben|kben|ben|bende|kzen|ik zen|zen|zenne)';
const I_AM_EN = '(im|i am|i m|iam|cos im|cause im|cuz im|because im|but im)';
const SCHOOL_YEAR = '([1-6]|eerste|tweede|derde|vierde|vijfde|zesde|1ste|1e|2de|2e|3de|3e|4de|4e|5de|5e|6de|6e)';
const PARENT = '(mama|mam|ma|moeder|mum|mom|mommy|mammy|papa|pa|vader|dad|daddy|ouders|parents|stiefvader|stepdad|stiefmoeder|stepmom|step mum|step mom|stepmum)';
// an adult talks about his children's school: "mijn kinderen van school halen", "drop my kids at school"
const NOT_A_PARENT = '(?<!(kids|kinderen|kinders|zoon|dochter|son|daughter|kleine|kleinen|kid|child|children|zoontje|dochtertje|kindjes|kinderkes|gasten|boys|girls|neef|nicht|nephew|niece)( [a-z]+)? )';

export const MINOR_RULES: Rules = [
  ['age', `${I_AM_NL} (pas |nog maar |nog |maar |net |bijna )?(${AGE_NUM.slice(1, -1)}|${AGE_NL.slice(1, -1)})\\b${NOT_A_UNIT}`],
  ['age', `${I_AM_EN} (only |just |still |literally |almost |nearly |barely )?(${AGE_NUM.slice(1, -1)}|${AGE_EN.slice(1, -1)})\\b${NOT_A_UNIT}`],
  ['age', `(${AGE_NUM.slice(1, -1)}|${AGE_NL.slice(1, -1)}|${AGE_EN.slice(1, -1)}) ?(yo|y o|year old|years old|yrs old|jaar oud|jarige)\\b`],
  ['age', `(nog maar|pas|only|just|ik ben|kben|im|i am) (${AGE_NUM.slice(1, -1)}|${AGE_NL.slice(1, -1)}|${AGE_EN.slice(1, -1)}) (jaar|years|jr|yrs)\\b`],
  ['age', `(age|aged|leeftijd) (${AGE_NUM.slice(1, -1)}|${AGE_EN.slice(1, -1)}|${AGE_NL.slice(1, -1)})\\b`],
  ['age', `(ben|word) ik (pas |nog maar |nog |maar |net |bijna )?(${AGE_NUM.slice(1, -1)}|${AGE_NL.slice(1, -1)})\\b${NOT_A_UNIT}`],
  ['age', `(ik|k) (nog maar |pas |maar |net |nog )?(${AGE_NUM.slice(1, -1)}|${AGE_NL.slice(1, -1)}) (ben|word)\\b`],
  ['age', `(i turn|turning|im turning|i m turning) (${AGE_NUM.slice(1, -1)}|${AGE_EN.slice(1, -1)})\\b${NOT_A_UNIT}`],
  ['age', `(ik word|kword|i turn) (${AGE_NUM.slice(1, -1)}|${AGE_NL.slice(1, -1)}|${AGE_EN.slice(1, -1)})\\b${NOT_A_UNIT}`],
  ['age', `just turned (${AGE_NUM.slice(1, -1)}|${AGE_EN.slice(1, -1)})\\b${NOT_A_UNIT}`],
  ['underage', `(${I_AM_NL}|${I_AM_EN}|if im|als ik) (nog )?(te jong|too young|minderjarig|underage|under age|niet meerderjarig|ni meerderjarig|nie meerderjarig|a minor|not 18|under 18|onder 18|nog geen 18|nog geen achttien|not eighteen|not 18 yet)`],
  ['underage', '(nog geen 18|not 18 yet|nog ni meerderjarig|nog niet meerderjarig|nog nie meerderjarig|nog minderjarig|still underage|im underage|age limit|leeftijdsgrens|(ge|u|you|je) (mag|moogt|may|can) (niet|ni|nie|not)? ?(verkopen|sell) (aan|to) (minderjarigen|minors|kids|kinderen))'],
  ['school-year', `${SCHOOL_YEAR} (jaar |graad )?(middelbaar|secundair|humaniora|leerjaar|aso|tso|bso|kso)\\b`],
  ['school-year', `(zit|zitten|zat) (nog )?in (het |t |de )?${SCHOOL_YEAR} (jaar|graad|leerjaar|middelbaar)\\b`],
  ['school-year', '(?<!(aan|bij|by|at|near|naast|achter|voor|tegenover|behind|opposite|outside|buiten|from|past|langs) (de |het |t |the |a |that )?)(middelbaar|secundair|humaniora|lagere school|basisschool|primary school|middle school|high school|highschool|junior high|sixth form|secondary school|atheneum|internaat)\\b'],
  ['school-year', '(year|grade|yr) ?([5-9]|1[0-3])\\b'],
  ['school-year', '([5-9]|1[0-2])(th|st|nd|rd|de|e) (grade|grader|leerjaar)'],
  ['school-year', '(sophomore|freshman|tenth grader|ninth grader|eighth grader|gcse|gcses|a levels)\\b'],
  ['school-year', '(1st|2nd|3rd|[4-8]th|first|second|third|fourth|fifth|sixth|seventh|eighth|last) (period|lesson|lesuur)s?\\b'],
  ['at-school', '(klasgenoot|klasgenoten|classmate|classmates|klasmaat|klasmaten)\\b'],
  ['at-school', `${NOT_A_PARENT}(?<!(mama|papa|moeder|vader|mother|mum|mom|dad) (van|of) .*)(?<!(bushalte|halte|parking|kerk|church|station|winkel|shop|stop|frituur|garage) )(na|after|voor|before|naar|op|from|van|at|in|uit|tijdens|during) (de |het |t |the |mijn |my )?(school|skool|skul|class|klas|les|lessen|speeltijd|turnles|pe|recess|assembly|detention|homeroom|first period|last period|bijles|refter)\\b(?! (across|opposite|next to|near|round the corner|on the corner|aan de overkant|tegenover|ernaast|op de hoek))`],
  ['at-school', `${NOT_A_PARENT}(mijn|my|onze|our|me|mn) (school|klas|class|schoolpoort|school gates|school bus|schoolbus|turnleraar|schoolreis|school trip)\\b`],
  ['at-school', '(schoolbus|school bus)\\b'],
  ['at-school', '(huiswerk|homework|schoolbel|schooltas|report card|rapport was|oudercontact|parents evening|school nights|school night|schoolreis|school trip|spijbel|spijbelen|skipping school|skip school)\\b(?! (at|for|bij|voor|van|op) (my|mijn|our|onze|the|de) (son|sons|daughter|daughters|zoon|dochter|kids|kid|child|childrens|kinderen|kleine|zoontje|dochtertje)\\b)'],
  ['at-school', '(the bell|de bel) (just rang|gaat|ging)'],
  ['at-school', '(uit|out of|from) (de |the )?(les|class|school)\\b'],
  ['parents', `(mijn|my|me|mn) ${PARENT} (checkt|check|checks|checking|kijkt mijn|pakt|leest|reads|read|takes|took|finds|vindt|controleert|controls|kills|vermoordt|mag (het |dit |da |dat )?(niet|nie|ni|nooit)|mogen (het |dit |da |dat )?(niet|nie|ni|nooit)|doesnt let|dont let|wont let|wont allow|beheert|set it up|zal mij|will kill|ll kill|would kill|would ground|picks me up|komt mij|komt me|brengt mij|drives me|said im)\\b`],
  ['parents', '^(mama|mam|mom|mum|mommy|papa|dad|daddy|mijn ouders|my parents|parents) (checkt|checks|checked|leest|reads|takes|took|pakt|doesnt let|dont let|wont let|wont allow|controleert|mag (het |dit |da |dat )?(niet|nie|ni|nooit))\\b'],
  ['parents', `(${PARENT.slice(1, -1)}|mums|moms|dads) (mogen|mag|must|cant|can t|may|should|mogen het|mag het) (dit |dat |da |this |that |het |it )?(niet|nie|ni|not|never)? ?(weten|know|find out|zien|see)\\b`],
  ['parents', `(mag|mogen|allowed|not allowed|niet|ni) .{0,25}(van mijn|by my) (ma|mama|mum|mom|ouders|parents|pa|papa|dad|vader|moeder)`],
  ['parents', '(mijn|my) (gsm|phone|telefoon) (wordt|gets|is|word) (gecheckt|checked|afgepakt|taken|gecontroleerd|confiscated)'],
  ['parents', '(zakgeld|pocket money|allowance|birthday money|verjaardagsgeld|paper round|krantenronde)\\b'],
  ['parents', `(mijn|my) (ouders|parents) (zijn thuis|are home|r home|denken|think|would|are strict|r strict|zijn streng|check|slapen|asleep|r asleep|are asleep)`],
  ['parents', '(bedtijd|bedtime|curfew|babysitting me|babysit me)s?\\b'],
  ['parents', '(moet|must|have to|gotta|need to) (om|at|by|before|voor|tegen) .{0,12}(thuis|binnen|home)\\b'],
  ['parents', `(${I_AM_NL}|${I_AM_EN}|ik woon|i live) (nog )?(bij|with) (mijn|my) (ouders|parents)`],
  ['teacher', '(?<!(im a|i am a|i m a|ik ben|ben|als|as a|as|mijn vrouw is|my wife is) )(mijn |my |de |the |onze |our |me |mn )?(leerkracht|juf|meester|teacher|leraar|lerares|form tutor|headteacher|head teacher)s?\\b(?! (van|of) (mijn|my) (kinderen|kids|son|zoon|dochter|daughter))(?!.* (mama|papa|moeder|vader|mother|mum|mom|dad|father) (van|of) )'],
  ['age', `(bijna|almost|nearly) (1[2-7]|${AGE_NL.slice(1, -1)}|${AGE_EN.slice(1, -1)})(?= (dus|so|jaar|years|yo|but|maar|lol|haha)\\b)`],
  ['at-school', '(heb|have|got|hebben) (les|school|class|studie|lessen) (tot|till|until|til)\\b'],
  ['at-school', '((geen|no) school (morgen|tomorrow|vandaag|today)|(morgen|tomorrow) (geen|no) school)\\b'],
  ['at-school', '(gedaan|klaar|done|finished|out) (met|with|of) (school|de school|de les|class)\\b'],
  ['at-school', '(cos|because|cause|cuz|omdat|want|wegens|door) (of )?(school|de school|mijn school|my school|les|class|examens|exams)\\b'],
  ['at-school', '(detention|strafstudie|nablijven|homeroom|recess)\\b'],
  ['at-school', '(in|bij|tijdens) (maths|math|wiskunde|frans|french|biology|biologie|history|geschiedenis|science|chemistry|chemie|aardrijkskunde|geography) (rn|right now|nu|class|les)\\b'],
  ['parents', '(too young|te jong) (for|voor|om)\\b'],
  ['parents', '(kaart|card|bankkaart|bank card|pas|rekening) van (mijn|my) (ma|mama|pa|papa|moeder|vader|ouders|mum|mom|dad)\\b'],
  ['parents', '(my|mijn) (moms|mums|dads|parents|ouders) (card|bank card|debit card|kaart|bankkaart)\\b'],
  ['parents', '(mama|mam|mom|mum|papa|dad|ma|pa) (komt|picks|komt mij|komt me|haalt) (mij |me )?(.{0,12} )?(ophalen|up)\\b'],
  ['parents', '(mama|mom|mum|dad|papa|ma|pa|mam|moeder|vader) (said|zei|zegt|says) (im|i m|ik|da ik|dat ik) (not allowed|mag ni|mag niet|mag nie|cant|can t)'],
  ['parents', '(before|voor|voordat) (my|mijn) (mum|mom|ma|mama|dad|pa|papa|parents|ouders) (gets|get|komt|komen|is|zijn|thuis|home)\\b'],
  ['parents', '(dont|do not|niet|ni|nie) (tell|zeggen tegen|vertellen aan) (my|mijn) (parents|ouders|mum|mom|dad|ma|pa|mama|papa)\\b'],
  ['parents', '(aan mijn ouders vragen|ask my parents|vraag aan mijn ouders|mijn ouders vragen)\\b'],
  ['parents', '(per week|a week|elke week|every week|per maand|elke maand|every month) (van|from) (mijn|my) (oma|opa|ma|pa|mama|papa|ouders|parents|mum|mom|dad|peter|meter)\\b'],
  ['age', `(verkopen|verkoopt|verkoopde|sell|selling|sells) (aan|to) (iemand|someone|een kind|a kid|kids|minors|minderjarigen) (van |of |under )?(${AGE_NUM.slice(1, -1)})\\b`],
  ['age', `(ik ben|kben|im|i m|i am|ben) (nog maar )?(${AGE_NUM.slice(1, -1)})\\?`],
  ['at-school', '(speeltijd|speeltijden|middagpauze op school)\\b'],
  ['at-school', '(chiro|scouts|jeugdbeweging|ksa|kse|patro|akabe)\\b'],
  ['school-year', '(aso|tso|bso|kso|dbso)\\b'],
  ['at-school', '(toets|toetsen|proefwerk|proefwerken|examenperiode|examenrooster|rapportdag)\\b'],
  ['at-school', '(poort|gate|gates|ingang|entrance) van (t|het|de|the|mijn|my) (college|atheneum|lyceum|school|instituut|school)\\b'],
  ['parents', `(mag|mogen|allowed|let me|laten mij|laat mij|lets me) .{0,20}(niet|ni|nie|not|never|nooit) .{0,15}(alleen|alone|buiten|out|weg)\\b.{0,25}(${PARENT.slice(1, -1)}|ma|pa)\\b`],
  ['parents', `(${PARENT.slice(1, -1)}|ma|pa|mam) (doesnt|does not|dont|wont|laat|lets|let) (let )?(me|mij|ons|us) (niet |ni |nie |not )?(go|gaan|alone|alleen|out|buiten|uit)\\b`],
  ['parents', '(lunch money|lunchgeld|weekgeld|zakcent|zakcenten|kotgeld)\\b'],
  ['parents', '(go through|goes through|gaan door|gaat door|checken|doorzoeken) (my|mijn) (phone|gsm|telefoon|berichten|messages|texts)\\b'],
  ['teacher', '(my|mijn|de|the) (teacher|teachers|juf|meester|leerkracht|prof) (is|s|zit|kijkt|staat|looking|watching|komt|coming)\\b'],
  ['no-id', '(geen|no|dont have|dont have a|nog geen) (bankkaart|bank card|bank account|eigen rekening|rijbewijs)\\b.{0,30}(te jong|too young|yet|nog|only|pas|ouders|parents|ma |mum|mom)'],
];

function compileOne(p: string): RegExp {
  // a space in a pattern also matches no space: "wrongnumber", "ikweetwaarjewoont"
  return new RegExp(`(?:^| )(?:${squeezeLetters(foldText(p)).replace(/ /g, ' ?')})`);
}

interface CompiledRule {
  name: string;
  re: RegExp;
  /** position among all rules of all groups (the prefilter's owner number) */
  index: number;
}

interface CompiledGroup {
  category: SafetyCategory;
  /** all rules of the group in one alternation: the reference "does any fire" test (ruleHitsUnfiltered) */
  any: RegExp;
  rules: readonly CompiledRule[];
}

let ruleCount = 0;

function compileGroup(category: SafetyCategory, rules: Rules): CompiledGroup {
  const src = rules.map(([, p]) => squeezeLetters(foldText(p)).replace(/ /g, ' ?')).join('|');
  return { category, any: new RegExp(`(?:^| )(?:${src})`), rules: rules.map(([name, p]) => ({ name: `${category}/${name}`, re: compileOne(p), index: ruleCount++ })) };
}

/** Rules on the raw text, for what the word views drop (💣 is left out: "a banger 💣" praises the goods): weapon emoji ("tick tock 🔪", "🔫🔫 wacht maar"). */
const SYMBOL_RULES: readonly { category: SafetyCategory; name: string; re: RegExp }[] = [
  { category: 'threat', name: 'threat/weapon-emoji', re: /[\u{1F52A}\u{1F5E1}\u{1F52B}\u{26B0}\u{1FA78}\u{2694}]/u },
];

const GROUPS: readonly CompiledGroup[] = [
  compileGroup('opt_out', OPT_OUT_RULES),
  compileGroup('threat', THREAT_RULES),
  compileGroup('minor', MINOR_RULES),
];

/** The two views the patterns are matched against (exported for tests and debugging). */
export function safetyViews(text: string): { words: string; plain: string } {
  const folded = foldText(text);
  const view = (s: string) => squeezeLetters(joinSpacedLetters(wordsOnly(s)));
  const plain = view(folded);
  const leet = decodeLeet(folded);
  return { words: leet === folded ? plain : view(leet), plain };
}

export interface RuleHit {
  category: SafetyCategory;
  /** `category/name` of the first rule of the category that fired */
  rule: string;
  /** the part of the normalised text it matched */
  match: string;
}

// An adult who speaks of his own child's school, or a school writing to parents: the school rules
// of the minor group do not fire ("gotta pick my daughter up from school", "Beste ouders, de
// schoolreis…"); the first-person ones (age, parents' rules, pocket money) still do.
const PARENT_CONTEXT = compileOne(
  '((mijn|my|onze|our|me|mn) (zoon|zoontje|dochter|dochtertje|kinderen|kinders|kids|kid|kind|kindje|kleine|jongste|oudste|son|daughter|boy|girl|child|children|little one|youngest|eldest|oldest)\\b|(beste|dear|geachte) (ouders|parents)\\b|(van de school|from the school))',
);
const SCHOOL_RULES: ReadonlySet<string> = new Set(['minor/at-school', 'minor/school-year']);

// The prefilter (prefilter.ts): each rule's regex needs one of a few literal strings in the view;
// one scan of the view finds which are there, and only those rules run. Strings are cut to
// LITERAL_PREFIX characters (a prefix of a needed string is needed too), which keeps the
// automaton small; a rule whose regex gives no such strings always runs (ALWAYS).
const LITERAL_PREFIX = 8;
const ALL_RULES: readonly CompiledRule[] = GROUPS.flatMap((g) => g.rules);
const ALWAYS = new Uint8Array(ALL_RULES.length);
const SCANNER = new LiteralScanner(
  ALL_RULES.flatMap((r) => {
    const lits = requiredLiterals(r.re.source, LITERAL_PREFIX);
    if (lits === null) ALWAYS[r.index] = 1;
    return (lits ?? []).map((text) => ({ text, owner: r.index }));
  }),
  ALL_RULES.length,
);
const MARKS = [new Uint8Array(ALL_RULES.length), new Uint8Array(ALL_RULES.length)] as const;

function markCandidates(view: string, marks: Uint8Array): Uint8Array {
  marks.set(ALWAYS);
  SCANNER.scan(view, marks);
  return marks;
}

/** The rules the prefilter does not run on a normalised view, because none of the strings they need is in it (for tests). */
export function rulesSkipped(view: string): { name: string; re: RegExp }[] {
  const marks = markCandidates(view, new Uint8Array(ALL_RULES.length));
  return ALL_RULES.filter((r) => !marks[r.index]).map((r) => ({ name: r.name, re: r.re }));
}

/** The first firing rule of each category, in category order (opt_out, threat, minor). */
export function ruleHits(text: string): RuleHit[] {
  const { words, plain } = safetyViews(text);
  const views = words === plain ? 1 : 2;
  markCandidates(words, MARKS[0]);
  if (views === 2) markCandidates(plain, MARKS[1]);
  const hits: RuleHit[] = [];
  for (const g of GROUPS) {
    let hit: RuleHit | undefined;
    // as in ruleHitsUnfiltered: the first view on which any rule of the group matches is the one
    // read, and on it the first rule that matches and is not left out by a parent's context
    for (let v = 0; v < views; v++) {
      const view = v === 0 ? words : plain;
      const marks = MARKS[v];
      let matched = false;
      let parent: boolean | undefined;
      for (const r of g.rules) {
        if (!marks[r.index]) continue;
        if (g.category === 'minor' && SCHOOL_RULES.has(r.name) && (parent ??= PARENT_CONTEXT.test(view))) {
          if (!matched) matched = r.re.test(view);
          continue;
        }
        const m = r.re.exec(view);
        if (m) {
          hit = { category: g.category, rule: r.name, match: m[0].trim() };
          matched = true;
          break;
        }
      }
      if (matched) break;
    }
    if (!hit) hit = symbolHit(g.category, text);
    if (hit) hits.push(hit);
  }
  return hits;
}

function symbolHit(category: SafetyCategory, text: string): RuleHit | undefined {
  for (const r of SYMBOL_RULES) {
    const m = r.category === category ? r.re.exec(text) : null;
    if (m) return { category: r.category, rule: r.name, match: m[0] };
  }
  return undefined;
}

/**
 * ruleHits without the prefilter: every group's alternation tested, then its rules in order. The
 * reference the prefilter is checked against (prefilter.test.ts); not used at run time.
 */
export function ruleHitsUnfiltered(text: string): RuleHit[] {
  const { words, plain } = safetyViews(text);
  const views = words === plain ? [words] : [words, plain];
  const hits: RuleHit[] = [];
  for (const g of GROUPS) {
    const view = views.find((v) => g.any.test(v));
    let hit: RuleHit | undefined;
    if (view !== undefined) {
      const parent = g.category === 'minor' && PARENT_CONTEXT.test(view);
      for (const r of g.rules) {
        if (parent && SCHOOL_RULES.has(r.name)) continue;
        const m = r.re.exec(view);
        if (m) {
          hit = { category: g.category, rule: r.name, match: m[0].trim() };
          break;
        }
      }
    }
    if (!hit) {
      for (const r of SYMBOL_RULES) {
        const m = r.category === g.category ? r.re.exec(text) : null;
        if (m) {
          hit = { category: r.category, rule: r.name, match: m[0] };
          break;
        }
      }
    }
    if (hit) hits.push(hit);
  }
  return hits;
}

export interface SafetyCheck {
  flag: SafetyFlag;
  /** the rule groups that fired, in rule order */
  rules: SafetyCategory[];
}

/** The rules alone (no model): which categories fire and the flag they give. */
export function checkSafety(text: string): SafetyCheck {
  const rules = ruleHits(text).map((h) => h.category);
  return { flag: flagFor(rules), rules };
}

/** escalate (threat, minor) outranks stop: escalating also stops the conversation. */
export function flagFor(categories: readonly SafetyCategory[]): SafetyFlag {
  if (categories.includes('threat') || categories.includes('minor')) return 'escalate';
  if (categories.includes('opt_out')) return 'stop';
  return null;
}

/** Every rule name (for tests: each must be exercised by an example). */
export function ruleNames(): string[] {
  return [...new Set([...GROUPS.flatMap((g) => g.rules.map((r) => r.name)), ...SYMBOL_RULES.map((r) => r.name)])];
}
