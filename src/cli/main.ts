#!/usr/bin/env node
import '../store/lancedb-env.js';
import { parseArgs } from 'node:util';

import { ConfigError, loadConfig, secretKeys } from '../config/index.js';
import { createLogger, maskSecrets } from '../log/index.js';
import { UsageError, type Command, type CommandContext, type OptionSpec } from './command.js';
import { commands } from './registry.js';

const SHARED: Record<string, OptionSpec> = {
  json: { type: 'boolean', description: 'print exactly one JSON document on stdout' },
  db: { type: 'string', placeholder: 'URI', description: 'store location (default PLANBOT_DB, else ./data/planbot)' },
  seeds: { type: 'string', placeholder: 'DIR', description: 'plan documents folder (default PLANBOT_SEEDS, else ./seeds)' },
  help: { type: 'boolean', description: 'show this help' },
};

function optionHelp(options: Record<string, OptionSpec>): string {
  return Object.entries(options)
    .map(([name, o]) => `  --${name}${o.placeholder ? ` ${o.placeholder}` : ''}`.padEnd(28) + o.description)
    .join('\n');
}

async function overview(): Promise<string> {
  const lines = ['planbot: answers questions about work plans, with item numbers and responsible units.', '', 'Commands:'];
  for (const [name, load] of Object.entries(commands)) lines.push(`  ${name.padEnd(10)}${(await load()).summary}`);
  lines.push('', 'Options for every command:', optionHelp(SHARED), '', "Run `planbot <command> --help` for a command's own options.");
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  // Everything this dispatcher writes goes through the logger's masking: an error message can quote a secret
  // (an API that refuses a key often repeats it), and these lines bypass the logger. Until the configuration
  // is loaded, the secrets are the ones the environment holds; afterwards, the configured ones too.
  let secrets: Array<string | undefined> = secretKeys.map((k) => process.env[k]);
  const out = (text: string) => void process.stdout.write(maskSecrets(text, secrets));
  const err = (text: string) => void process.stderr.write(maskSecrets(text, secrets));

  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    out(`${await overview()}\n`);
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    err(`planbot: unknown command "${name}". Commands: ${Object.keys(commands).join(', ')}\n`);
    return 2;
  }
  const command: Command = await load();
  const options = { ...SHARED, ...command.options };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: rest,
      options: Object.fromEntries(Object.entries(options).map(([k, o]) => [k, { type: o.type }])),
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    err(`planbot ${name}: ${(e as Error).message}\nusage: ${command.usage}\n`);
    return 2;
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) {
    out(`usage: ${command.usage}\n\n${command.summary}\n\n${optionHelp(options)}\n`);
    return 0;
  }

  let config;
  try {
    const env = { ...process.env };
    if (typeof values.db === 'string') env.PLANBOT_DB = values.db;
    if (typeof values.seeds === 'string') env.PLANBOT_SEEDS = values.seeds;
    config = loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      if (command.explainConfigError) {
        const { result, human } = command.explainConfigError(e.problems);
        out(values.json === true ? `${JSON.stringify(result)}\n` : `${human}\n`);
        return 1;
      }
      err(`planbot: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  secrets = [...secrets, ...secretKeys.map((k) => config[k])];
  const log = createLogger({ level: config.LOG_LEVEL, secrets });
  const json = values.json === true;
  const ctx: CommandContext = {
    positionals: parsed.positionals,
    values,
    json,
    config,
    log,
    stdin: process.stdin,
    stdout: process.stdout,
    print(result, human) {
      out(json ? `${JSON.stringify(result)}\n` : human.endsWith('\n') ? human : `${human}\n`);
    },
  };
  try {
    return (await command.run(ctx)) ?? 0;
  } catch (e) {
    if (e instanceof UsageError) {
      err(`planbot ${name}: ${e.message}\nusage: ${command.usage}\n`);
      return 2;
    }
    log.error({ err: e, command: name }, 'command failed');
    err(`planbot ${name}: ${(e as Error).message}\n`);
    return 1;
  }
}

// Flush stdout before exiting: a JSON document cut short by process.exit would break a script that reads it.
const status = await main(process.argv.slice(2));
process.exitCode = status;
