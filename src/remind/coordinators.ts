import type { CommandCaller } from '../chat/ports.js';

/** The prefix that marks a COORDINATORS entry as a display name: `name:张主任`. */
export const NAME_PREFIX = 'name:';

/**
 * Who may change targets and subscriptions: the contacts listed in COORDINATORS. A plain entry is a user id
 * and matches ids only: anyone can set their display name to `wxid_boss`, so a name must never satisfy an
 * id entry. A display name counts only when the entry says so with `name:` (`name:张主任`), because that is
 * what people know; the risk (anyone may take that name) is the operator's choice, stated in REMINDERS.md.
 */
export function isCoordinator(coordinators: readonly string[], caller: Pick<CommandCaller, 'userId' | 'userName'>): boolean {
  const norm = (s: string) => s.normalize('NFKC').trim();
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const raw of coordinators) {
    const entry = norm(raw);
    if (entry.toLowerCase().startsWith(NAME_PREFIX)) {
      const name = norm(entry.slice(NAME_PREFIX.length));
      if (name) names.add(name);
    } else if (entry) ids.add(entry);
  }
  const name = norm(caller.userName);
  return ids.has(norm(caller.userId)) || (name !== '' && names.has(name));
}

/**
 * What an operator should hear about the COORDINATORS list. Entries that used to match a display name
 * (Chinese characters, spaces) now match a user id only and so, most likely, nobody; `name:` entries work
 * but can be taken over by anyone who renames themselves.
 */
export function coordinatorWarnings(coordinators: readonly string[]): string[] {
  const warnings: string[] = [];
  for (const raw of coordinators) {
    const entry = raw.normalize('NFKC').trim();
    if (entry.toLowerCase().startsWith(NAME_PREFIX)) {
      warnings.push(`COORDINATORS entry "${entry}" matches a display name: anyone who takes that name is a coordinator; prefer the user id`);
    } else if (/[^\x21-\x7e]/.test(entry)) {
      warnings.push(
        `COORDINATORS entry "${entry}" is matched as a user id only, and looks like a display name; write "${NAME_PREFIX}${entry}" to match the name (anyone can take a name), or use the user id`,
      );
    }
  }
  return warnings;
}

export function refusal(coordinators: readonly string[], action: string): string {
  if (coordinators.length === 0) return `${action}需要协调员权限,但本机器人还没有配置协调员(COORDINATORS)。请联系管理员。`;
  return `抱歉,只有协调员可以${action}。如需设置,请联系协调员或管理员(COORDINATORS 配置)。`;
}
