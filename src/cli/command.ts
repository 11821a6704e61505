import type { Readable, Writable } from 'node:stream';
import type { Config } from '../config/index.js';
import type { Logger } from '../log/index.js';

/** Bad usage: exit status 2, and the message names the option or value at fault. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  description: string;
  /** Shown in help; the value used when the option is absent is decided by the command. */
  placeholder?: string;
}

export interface CommandContext {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
  json: boolean;
  config: Config;
  log: Logger;
  stdin: Readable;
  stdout: Writable;
  /** Print one result: the JSON document with --json, else the human text. */
  print(result: unknown, human: string): void;
}

/**
 * One CLI command. Commands are loaded lazily by name (see registry.ts) so that `planbot ask` never pays
 * for loading Wechaty. `run` returns the exit status (0 when it returns nothing).
 */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: Record<string, OptionSpec>;
  run(ctx: CommandContext): Promise<number | void>;
  /**
   * A command that diagnoses configuration (doctor) reports an invalid setting as its own finding, in its own
   * output format, instead of the generic start-up error. Returns what to print; the exit status is 1.
   */
  explainConfigError?(problems: string[]): { result: unknown; human: string };
}

export function stringOption(ctx: CommandContext, name: string): string | undefined {
  const v = ctx.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function intOption(ctx: CommandContext, name: string, fallback: number, min = 0, max = 100000): number {
  const v = stringOption(ctx, name);
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new UsageError(`--${name}: expected a whole number from ${min} to ${max}, got "${v}"`);
  }
  return Number(v);
}

export function dateOption(ctx: CommandContext, name: string): string | undefined {
  const v = stringOption(ctx, name);
  if (v === undefined) return undefined;
  const d = new Date(`${v}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) {
    throw new UsageError(`--${name}: expected a date as YYYY-MM-DD, got "${v}"`);
  }
  return v;
}
