export {
  Retriever,
  DEFAULT_RETRIEVER_OPTIONS,
  filterByRole,
  type RetrievalHit,
  type RetrievalResult,
  type RetrieverOptions,
  type UnitListing,
  type UnitResult,
} from './retriever.js';
export { confidenceScore, grade, DEFAULT_THRESHOLDS, type Confidence, type ConfidenceSignals, type ConfidenceThresholds } from './confidence.js';
export { coverage } from './coverage.js';
