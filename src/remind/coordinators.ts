import type { CommandCaller } from '../chat/ports.js';

/**
 * Who may change targets and subscriptions: the contacts listed in COORDINATORS, by id or by display name.
 * Ids are the safer entry (a name can be copied); names are accepted because that is what people know.
 */
export function isCoordinator(coordinators: readonly string[], caller: Pick<CommandCaller, 'userId' | 'userName'>): boolean {
  const norm = (s: string) => s.normalize('NFKC').trim();
  const allowed = new Set(coordinators.map(norm).filter(Boolean));
  return allowed.has(norm(caller.userId)) || allowed.has(norm(caller.userName));
}

export function refusal(coordinators: readonly string[], action: string): string {
  if (coordinators.length === 0) return `${action}需要协调员权限,但本机器人还没有配置协调员(COORDINATORS)。请联系管理员。`;
  return `抱歉,只有协调员可以${action}。如需设置,请联系协调员或管理员(COORDINATORS 配置)。`;
}
