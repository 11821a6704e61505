export { parseDocument, ParseError, type ParseOutput } from './parse-document.js';
export { parseFolder, TEXT_EXTENSIONS, type FolderResult } from './parse-folder.js';
export { decodePlanBytes, readPlanFile } from './read.js';
export { cleanDocument } from './clean.js';
export { findDeadlines } from './deadlines.js';
export { regionShortName } from './metadata.js';
