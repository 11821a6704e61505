import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { configSchema, type Config } from './schema.js';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * The one place that reads the environment. A `.env` file in the working directory fills in what the real
 * environment does not set; the real environment wins, so a deployment can override a checked-in file.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, envFile = '.env'): Config {
  const fromFile = existsSync(envFile) ? parseEnv(readFileSync(envFile, 'utf8')) : {};
  const merged: Record<string, string | undefined> = { ...fromFile };
  for (const [k, v] of Object.entries(env)) if (v !== undefined) merged[k] = v;
  const known = Object.keys(configSchema.shape);
  const input = Object.fromEntries(known.filter((k) => merged[k] !== undefined).map((k) => [k, merged[k]]));
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const key = i.path.join('.');
        const shown = key && !/KEY|TOKEN|SECRET/.test(key) ? ` (got ${JSON.stringify(merged[key])})` : '';
        return `${key}: ${i.message}${shown}`;
      }),
    );
  }
  return parsed.data;
}
