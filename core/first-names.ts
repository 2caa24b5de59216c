// Common first names in Flanders and the UK/US (Flemish, Dutch, French, Moroccan-, Turkish- and
// other Belgian names, English names), lower case, without accents. Shared by the NLU (a first
// message signed with a name is a person's, not a dealer's broadcast) and the text rules of the
// catalogue and the outbound filter (the bot names no real person, and a configured meeting place
// is never someone's home). Names that are also ordinary words are left out ("will", "mark",
// "max", "ben", "lies", "rose", "said", "jack", "dean", "may", "hope", "an", "jan" is kept: in a
// message "bij Jan" is a person).
const NAMES =
  // Flemish / Dutch
  'jan jens kevin sam robbe jonas bram niels wout dries senne kobe stijn jelle tom bart koen pieter peter joris thomas ' +
  'lucas arthur louis victor jules warre mathis lars milan seppe vince tibo tuur lowie matthias jeroen wim dirk geert ' +
  'kurt luc marc filip frank patrick johan stefan steven sven tim tijs toon ward wouter yannick yves glenn gert gilles ' +
  'hans jef jos jelle jente kasper lennert maarten michiel nick nils olivier pieterjan quinten rik roel ruben sander ' +
  'simon sebastiaan siebe brecht bert ben jorn jasper joachim gust lotte sofie sophie emma marie julie laura lisa sarah ' +
  'anna eva ellen els elke evelien fien femke hanne ines jana jolien kato katrien kim lien lies lore lotte lynn marthe ' +
  'nele nina noor nora paulien saar sien silke tine tess tessa yana zoe an ann annelies caroline charlotte chloe delphine ' +
  'elise emilie fleur hilde ilse inge isabel karen kristel leen liesbeth lieve linde margot martine mieke nathalie nicole ' +
  'sabine sandra sara sofia valerie veerle vera wendy marleen rita greet mia jessica jenny kelly tamara stephanie ' +
  // Moroccan-, Turkish- and other Belgian names
  'mohamed mohammed mehdi youssef yassin yassine ayoub bilal hamza ilyas imad karim khalid mustafa nordin omar rachid ' +
  'reda samir soufiane tarik zakaria adil amine anas ismail jamal hicham hassan driss achraf badr ali ahmed abdel ' +
  'fatima imane khadija nadia salma yasmine yasmina samira hafsa meryem leila latifa naima siham souad zineb aicha ' +
  'mehmet emre burak can cem deniz emir enes furkan hakan kaan kerem mert murat onur serkan tolga yusuf elif esra ' +
  'fatma hatice merve zeynep selin ozlem aylin ' +
  // English
  'jake emma lisa mike dave david tom sarah jessica steve steven paul chris james john sophie olivia harry charlie ' +
  'george oscar alfie liam noah ethan ryan daniel danny dan josh luke adam matt matthew nick rob robert tony kate katie ' +
  'amy lucy ellie megan hannah rachel becky jen jenny anna maria mia zoe jay lee kyle jordan connor callum kieran ' +
  'jamie jason gary kevin karen sharon tracy emily grace ella amelia isla poppy freya holly jade chelsea aaron alex ' +
  'andy ben billy craig darren dylan gavin jamal jasmine joe joel kai leon marcus nathan owen reece sean shane tyler ' +
  'zack mo karim sophia lily chloe abby abigail beth claire debbie diane donna helen janet julia linda lauren natalie ' +
  'nicola rebecca samantha stacey steph vicky';

export const FIRST_NAMES: ReadonlySet<string> = new Set(
  NAMES.split(' ').filter((n) => n && !['ben', 'lies', 'an', 'can', 'mo'].includes(n)),
);

/** Is this (folded, lower-case) word a common first name? */
export function isFirstName(word: string): boolean {
  return FIRST_NAMES.has(word);
}
