import { mkdirSync, openSync, closeSync } from 'node:fs';
import { dirname, join, relative, isAbsolute } from 'node:path';
import { destination, multistream } from 'pino';
import { secretKeys, type Config } from '../config/index.js';
import { createLogger, type Logger } from '../log/index.js';

/**
 * Where the console room's logs go. The room is the terminal: JSON log lines on stderr would land between a
 * question and its answer, so the full log goes to a file beside the store (`<PLANBOT_DB's parent>/logs`,
 * `./data/logs` for a store that is not a local folder), and only warnings and errors still reach stderr.
 */
export interface ConsoleLog {
  log: Logger;
  /** Where the log is, once, in the room's own words. */
  notice: string;
  /** The log file, when one could be opened. */
  file?: string;
}

export function consoleLogDir(db: string): string {
  const local = !/^[a-z][a-z0-9+.-]*:\/\//i.test(db);
  return local ? join(dirname(db), 'logs') : join('data', 'logs');
}

export function openConsoleLog(config: Config): ConsoleLog {
  const secrets = secretKeys.map((k) => config[k]);
  const file = join(consoleLogDir(config.PLANBOT_DB), 'console.log');
  try {
    mkdirSync(dirname(file), { recursive: true });
    // Fail here, where the fallback can still be chosen, rather than in the logger's writer later.
    closeSync(openSync(file, 'a'));
  } catch (err) {
    const log = createLogger({ level: config.LOG_LEVEL, secrets, destination: multistream([{ level: 'warn', stream: destination(2) }]) });
    return { log, notice: `（日志文件 ${file} 无法写入：${(err as Error).message}；只在终端显示警告和错误。）` };
  }
  const streams = multistream([
    { level: config.LOG_LEVEL === 'silent' ? 'fatal' : config.LOG_LEVEL, stream: destination({ dest: file, append: true, sync: true }) },
    { level: 'warn', stream: destination(2) },
  ]);
  const log = createLogger({ level: config.LOG_LEVEL, secrets, destination: streams });
  const shown = isAbsolute(file) && !relative(process.cwd(), file).startsWith('..') ? relative(process.cwd(), file) : file;
  return { log, file, notice: `（日志写在 ${shown}；终端只显示警告和错误。）` };
}
