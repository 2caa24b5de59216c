// Types for the few `natural` submodules the NLU imports. natural's index pulls in dotenv, which
// prints on stdout (and stdout of `classify` holds only JSON), so we import files, not the index.
declare module 'natural/lib/natural/tokenizers/aggressive_tokenizer_nl.js' {
  export default class AggressiveTokenizerNl {
    tokenize(text: string): string[];
  }
}
declare module 'natural/lib/natural/tokenizers/aggressive_tokenizer.js' {
  export default class AggressiveTokenizer {
    tokenize(text: string): string[];
  }
}
declare module 'natural/lib/natural/stemmers/porter_stemmer_nl.js' {
  const PorterStemmerNl: { stem(token: string): string };
  export default PorterStemmerNl;
}
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const PorterStemmer: { stem(token: string): string };
  export default PorterStemmer;
}
