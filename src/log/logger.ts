import { AsyncLocalStorage } from 'node:async_hooks';
import { pino, destination, type Logger, type DestinationStream } from 'pino';

export type { Logger };

const MASK = '[redacted]';

/**
 * Fields every log line written while handling one chat message carries (its request id), however deep the
 * code that writes it: the LLM client's logger is made once at start-up and cannot be a child of the
 * message's logger, so the id travels with the async context instead.
 */
const logContext = new AsyncLocalStorage<Record<string, unknown>>();

export function withLogContext<T>(fields: Record<string, unknown>, fn: () => T): T {
  return logContext.run({ ...(logContext.getStore() ?? {}), ...fields }, fn);
}

/**
 * A fresh context that inherits nothing: for work of its own (a scheduled digest round) that some message
 * merely set off. Timers and promises keep the context they were created in, so without this a digest
 * scheduled while a command was handled would log under that command's request id for ever after.
 */
export function withOwnLogContext<T>(fields: Record<string, unknown>, fn: () => T): T {
  return logContext.run({ ...fields }, fn);
}

/**
 * Replace every occurrence of each secret in `text`. Shared by the logger's written lines and by whatever the
 * CLI writes to stdout/stderr itself, so that both hide the same values the same way. Values shorter than 4
 * characters are left alone: masking "a" or "12" would shred ordinary text and hide nothing worth hiding.
 */
export function maskSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const s of secrets) if (typeof s === 'string' && s.length >= 4) out = out.split(s).join(MASK);
  return out;
}

/**
 * One pino instance, writing JSON lines to stderr so that stdout stays clean for `--json` output.
 * Secrets are masked twice: by key (pino's redact, for config objects logged whole) and by value in the
 * written line, because a secret can also hide inside an error message or a URL.
 */
export function createLogger(options: { level?: string; secrets?: Array<string | undefined>; destination?: DestinationStream } = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length >= 4);
  return pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      mixin: () => logContext.getStore() ?? {},
      redact: {
        paths: ['*.OPENAI_API_KEY', '*.WECHATY_PUPPET_SERVICE_TOKEN', '*.WECOM_BOT_SECRET', '*.apiKey', '*.token', '*.secret', 'headers.authorization'],
        censor: MASK,
      },
      hooks: secrets.length ? { streamWrite: (line: string) => maskSecrets(line, secrets) } : {},
    },
    options.destination ?? destination(2),
  );
}

/** For library code and tests that need a logger but should print nothing. */
export const silentLogger: Logger = pino({ level: 'silent' });
