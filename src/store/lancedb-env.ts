/**
 * Imported first by every entry point, for its side effect: LanceDB's native layer prints Rust deprecation
 * warnings to stderr for ordinary selects, which would bury planbot's own log lines and reports. It reads
 * LANCEDB_LOG when it loads, so this must run before any module that imports LanceDB. An operator who wants
 * the warnings can still set LANCEDB_LOG.
 */
process.env.LANCEDB_LOG ??= 'error';
export {};
