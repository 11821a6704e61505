export { Retriever, DEFAULT_RETRIEVER_OPTIONS, type RetrievalHit, type RetrievalResult, type RetrieverOptions, type UnitResult } from './retriever.js';
export { analyzeQuestion, findUnits, yearsNamed, placeShortName, type QuestionAnalysis, type CorpusVocabulary } from './analyze.js';
export { matchUnits, unitAliases, unitKey, type UnitMatch } from './units.js';
export { coverage } from './coverage.js';
export { expandQuestion, type Expansion } from './thesaurus.js';
