import type { Assistant, ChatCommand } from './ports.js';
import { replies } from './replies.js';

/**
 * Slash commands: the built-in ones (help, docs, item, unit) and those other modules contribute (reminders
 * add /remind and /target). Each has English and Chinese names; `/单位 医政科` and `/unit 医政科` are the same.
 */

export interface ParsedCommand {
  /** The name as typed, without the slash. */
  typed: string;
  command: ChatCommand | undefined;
  args: string;
}

export class CommandTable {
  private readonly byName = new Map<string, ChatCommand>();
  private readonly ordered: ChatCommand[] = [];

  constructor(commands: ChatCommand[]) {
    for (const command of commands) {
      const names = command.names.map(normaliseName).filter(Boolean);
      if (names.length === 0) throw new Error(`chat command "${command.summary}" has no name`);
      for (const name of names) {
        if (this.byName.has(name)) throw new Error(`chat command name "/${name}" is registered twice`);
        this.byName.set(name, command);
      }
      this.ordered.push(command);
    }
  }

  get all(): readonly ChatCommand[] {
    return this.ordered;
  }

  /**
   * Read a command at the start of a message. With a slash (`/` or the full-width `／`) any word is a
   * command, known or not, and a Chinese name may run straight into its argument (`/单位医政科`). Without a
   * slash (`bare`, only for messages addressed to the bot) the first word must be exactly a known name
   * followed by a space or the end, so that "文件里怎么说" stays a question and never becomes /文件.
   */
  parse(text: string, options: { bare: boolean }): ParsedCommand | undefined {
    const slashed = /^[/\uFF0F]\s*(.*)$/s.exec(text);
    if (slashed) return this.parseSlashed(slashed[1] ?? '');
    if (!options.bare) return undefined;
    const m = /^(\S+)(?:\s+([\s\S]*))?$/.exec(text);
    const command = m?.[1] ? this.byName.get(normaliseName(m[1])) : undefined;
    if (!m?.[1] || !command) return undefined;
    return { typed: m[1], command, args: (m[2] ?? '').trim() };
  }

  private parseSlashed(rest: string): ParsedCommand {
    const m = /^(\S*)\s*([\s\S]*)$/.exec(rest);
    const word = m?.[1] ?? '';
    const args = (m?.[2] ?? '').trim();
    const exact = this.byName.get(normaliseName(word));
    if (exact) return { typed: word, command: exact, args };
    // Longest known name that the word starts with, when what follows is not more Latin letters:
    // "/unit医政科" is /unit, "/helpme" is not /help.
    const prefix = [...this.byName.keys()]
      .filter((name) => normaliseName(word).startsWith(name) && !/^[a-z]/i.test(word.slice(name.length)))
      .sort((a, b) => b.length - a.length)[0];
    if (prefix) return { typed: word.slice(0, prefix.length), command: this.byName.get(prefix), args: `${word.slice(prefix.length)} ${args}`.trim() };
    return { typed: word, command: undefined, args };
  }
}

export function normaliseName(name: string): string {
  return name
    .trim()
    .replace(/^[/\uFF0F]/, '')
    .toLowerCase();
}

/** The commands every channel has, answered by the assistant. */
export function builtInCommands(assistant: Assistant, helpText: () => string): ChatCommand[] {
  const withArgument = (usage: string, run: (args: string) => Promise<string>) => async (args: string) =>
    args === '' ? replies.needsArgument(usage) : run(args);
  return [
    { names: ['help', '帮助'], summary: '/help（帮助）：显示本说明', run: async () => helpText() },
    { names: ['docs', '文件'], summary: '/docs（文件）：已载入的工作要点', run: () => assistant.docs() },
    {
      names: ['item', '条目'],
      summary: '/item（条目） 龙岗 29：查看某一条的全文',
      run: withArgument('/item 龙岗 29（地区或文件名 + 条目编号）', (args) => assistant.item(args)),
    },
    {
      names: ['unit', '单位'],
      summary: '/unit（单位） 医政科：某个科室或单位负责的条目',
      run: withArgument('/unit 医政科（科室或单位名称）', (args) => assistant.unit(args)),
    },
  ];
}

/** The help text: how to ask, then one line per command, contributed ones included. */
export function renderHelp(botName: string, commands: readonly ChatCommand[]): string {
  return [
    `我是${botName}，回答工作要点里的问题，并注明出自哪份文件第几条、由哪些科室或单位负责。`,
    `在群里 @${botName} 提问，例如：@${botName} 医用耗材怎么管理`,
    '',
    '命令（中英文都可以）：',
    ...commands.map((c) => c.summary),
  ].join('\n');
}
