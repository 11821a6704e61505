import type { Config } from '../../config/index.js';
import { embeddingSettings } from '../../store/create-embedder.js';
import { coordinatorWarnings } from '../../remind/coordinators.js';
import { isLoopback, parseCoordinatorTokens } from '../../web/security.js';
import { check, type DoctorCheck } from './types.js';

/** Answers from an LLM: the same rule as app/answering.ts. */
export const llmWanted = (c: Config) => c.ANSWER_MODE === 'llm' || (c.ANSWER_MODE === 'auto' && !!c.OPENAI_API_KEY);

/**
 * The schema has already accepted every value (planbot stops before any command when it does not); what is
 * left are settings that are valid one by one but do not fit together.
 */
export function configCheck(c: Config): DoctorCheck {
  const problems: string[] = [];
  if (c.ANSWER_MODE === 'llm' && !c.OPENAI_API_KEY)
    problems.push(
      'ANSWER_MODE=llm but OPENAI_API_KEY is empty: every answer would be extractive. Set the key (any value for a local server that ignores it) or ANSWER_MODE=auto.',
    );
  const embedding = embeddingSettings(c);
  if (c.EMBEDDER === 'openai' && !embedding.apiKey && !/^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])/.test(embedding.baseURL ?? '')) {
    problems.push(
      'EMBEDDER=openai but neither EMBEDDING_API_KEY nor OPENAI_API_KEY is set: the store cannot be opened. Set a key, point EMBEDDING_BASE_URL at a local server, or set EMBEDDER=lexical or EMBEDDER=local.',
    );
  }
  if (c.OPENAI_BASE_URL && !c.OPENAI_API_KEY)
    problems.push(
      `OPENAI_BASE_URL=${c.OPENAI_BASE_URL} is set but OPENAI_API_KEY is empty, so the server is never used. Set OPENAI_API_KEY (any value if the server ignores it).`,
    );
  const details = [
    `answers: ${llmWanted(c) && c.OPENAI_API_KEY ? `LLM (${c.CHAT_MODEL} at ${c.OPENAI_BASE_URL ?? 'api.openai.com'}), extractive when it fails` : 'extractive (quotes the items; no LLM)'}`,
    `embedder: ${embedding.kind === 'lexical' ? 'lexical (offline)' : `${embedding.kind}:${embedding.model} (profile ${embedding.profile.name})`}`,
    `store: ${c.PLANBOT_DB}; documents: ${c.PLANBOT_SEEDS}`,
    `health and metrics: ${c.HTTP_PORT === 0 ? 'off (HTTP_PORT=0)' : `http://${c.HTTP_HOST}:${c.HTTP_PORT}/healthz and /metrics`}`,
    `web view: ${c.HTTP_PORT === 0 ? 'off (HTTP_PORT=0)' : !isLoopback(c.HTTP_HOST) && !c.WEB_TOKEN ? 'off (not loopback and no WEB_TOKEN)' : `http://${c.HTTP_HOST}:${c.HTTP_PORT}/${c.WEB_TOKEN ? ' (WEB_TOKEN required)' : ''}`}; coordinator tokens: ${parseCoordinatorTokens(c.COORDINATOR_TOKENS).tokens.length}`,
    `secrets: OPENAI_API_KEY ${c.OPENAI_API_KEY ? 'set' : 'not set'}, WECHATY_PUPPET_SERVICE_TOKEN ${c.WECHATY_PUPPET_SERVICE_TOKEN ? 'set' : 'not set'}, WECOM_BOT_SECRET ${c.WECOM_BOT_SECRET ? 'set' : 'not set'}`,
  ];
  if (problems.length) return check('config', 'fail', problems.join(' '), details);
  const warnings = [...coordinatorWarnings(c.COORDINATORS), ...parseCoordinatorTokens(c.COORDINATOR_TOKENS).problems];
  if (warnings.length) return check('config', 'warn', warnings.join('; '), details);
  return check('config', 'ok', 'settings are valid and fit together', details);
}
