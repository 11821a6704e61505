export { parseBytes, parseDocument, ParseError, type ParseOutput } from './parse-document.js';
export { parseFile, parseFolder, SUPPORTED_EXTENSIONS, TEXT_EXTENSIONS, type FolderResult } from './parse-folder.js';
export { decodePlanBytes, formatOf, readPlanFile, type PlanFormat, type ReadResult } from './read.js';
export { DEFAULT_READ_LIMITS, InputLimitError, readLimitsFrom, type ReadLimits } from './read.js';
export { cleanDocument } from './clean.js';
export { findDeadlines } from './deadlines.js';
export { regionAliases } from '../items/region-name.js';
