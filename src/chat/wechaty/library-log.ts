import type { Logger } from '../../log/index.js';

type Printer = (title: string, text: string) => void;

/** Wechaty's logger (brolog), the one global instance every Wechaty package writes to. */
export interface LibraryLog {
  enableLogging(printer: boolean | Printer): unknown;
}

const LEVELS: Record<string, 'error' | 'warn' | 'info' | 'debug' | 'trace'> = {
  ERR: 'error',
  WARN: 'warn',
  INFO: 'info',
  VERB: 'debug',
  SILL: 'trace',
};

/**
 * Sends Wechaty's own log lines (WECHATY_LOG picks how many) through planbot's logger instead of stdout.
 * At WECHATY_LOG=verbose Wechaty prints the puppet options, token included; planbot's logger masks
 * secrets, brolog does not. It also keeps stdout clean for the console room's replies.
 */
export function routeLibraryLog(library: LibraryLog, log: Logger): void {
  const wechatyLog = log.child({ module: 'wechaty-lib' });
  library.enableLogging((title, text) => wechatyLog[LEVELS[title] ?? 'info'](text));
}
