export { Answerer, type AnswererOptions, type AskOptions } from './answerer.js';
export { LlmAnswerer, type LlmSettings } from './llm.js';
export { fullItemReply, notFoundReply, unitListingReply } from './reply-format.js';
export type { AnswerResult, Citation, Confidence, CorpusPort, QueryPort, RetrievalPort, RetrievedHit } from './types.js';
