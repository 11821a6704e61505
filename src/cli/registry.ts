import type { Command } from './command.js';

/** Command name → loader. Each command's module is imported only when that command runs. */
export const commands: Record<string, () => Promise<Command>> = {
  items: async () => (await import('./commands/items.js')).default,
  remind: async () => (await import('./commands/remind.js')).default,
  ask: async () => (await import('./commands/ask.js')).default,
  ingest: async () => (await import('./commands/ingest.js')).default,
  unit: async () => (await import('./commands/unit.js')).default,
  chat: async () => (await import('./commands/chat.js')).default,
  start: async () => (await import('./commands/start.js')).default,
  doctor: async () => (await import('./commands/doctor.js')).default,
  feedback: async () => (await import('./commands/feedback.js')).default,
  web: async () => (await import('./commands/web.js')).default,
};
