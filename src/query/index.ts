export type { FollowUpAsk, Intent, Query, QueryScope, Role } from './query.js';
export { intents } from './query.js';
export { QueryReader, type QueryCorpus, type QueryReaderOptions } from './reader.js';
export { understand, findUnits, followUpKind, roleAsked } from './understand.js';
export { buildVocabulary, outlineOf, type QueryVocabulary } from './vocabulary.js';
export { matchUnits, unitAliases, unitKey, type UnitMatch } from './units.js';
export { placeShortName, yearsNamed, findPlaces } from './scope.js';
export type { Expansion } from './words/thesaurus.js';
export { readItemReference, labelForms, type ItemReference } from './item-reference.js';
