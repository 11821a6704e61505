import { readFileSync } from 'node:fs';

/**
 * Prompts live in prompts/ as files so that a coordinator can read and adjust the wording without touching
 * code. They are read once and filled here, and only here.
 */
const PROMPTS_DIR = new URL('../../prompts/', import.meta.url);
const cache = new Map<string, string>();

export function loadPrompt(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(new URL(`${name}.md`, PROMPTS_DIR), 'utf8');
    cache.set(name, text);
  }
  return text;
}

/** Fill {{name}} placeholders; a placeholder without a value is a bug, not an empty string. */
export function fillPrompt(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_m, key: string) => {
    const v = values[key];
    if (v === undefined) throw new Error(`prompt placeholder {{${key}}} has no value`);
    return v;
  });
}

/**
 * Text inside the prompt's tags must not be able to close them: a user who types "</question>" would
 * otherwise step outside the delimited block.
 */
export function escapeForTag(text: string): string {
  return text.replace(/<\/?\s*(documents|question|item|system)\b[^>]*>/gi, (m) => m.replace(/</g, '‹').replace(/>/g, '›'));
}
