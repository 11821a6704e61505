import type { Command } from './command.js';

/** Command name → loader. Each command's module is imported only when that command runs. */
export const commands: Record<string, () => Promise<Command>> = {
  items: async () => (await import('./commands/items.js')).default,
  remind: async () => (await import('./commands/remind.js')).default,
};
