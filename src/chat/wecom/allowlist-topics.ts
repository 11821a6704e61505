/**
 * ROOM_ALLOWLIST entries that cannot be WeCom chat ids. WeCom gives the bot no list of its groups, so a group
 * name (topic) can never be turned into an id there and would silently match nothing. Chat ids are opaque
 * ASCII tokens; an entry with Chinese characters, spaces or other non-ASCII text is a group name. ASCII
 * entries are left alone: they may be ids of the other channel (Wechaty's `…@chatroom`) sharing the list.
 */
export function wecomUnresolvableEntries(entries: readonly string[]): string[] {
  return entries.filter((e) => /[^\x21-\x7e]/.test(e));
}

/** The start-up warning for those entries, or undefined when there are none. */
export function wecomAllowlistWarning(entries: readonly string[]): string | undefined {
  const topics = wecomUnresolvableEntries(entries);
  if (topics.length === 0) return undefined;
  const noIdsLeft = topics.length === entries.length;
  return [
    `ROOM_ALLOWLIST entries ${topics.map((t) => `"${t}"`).join(', ')} are group names, not WeCom chat ids.`,
    "WeCom cannot list the bot's groups, so names cannot be resolved to ids and these entries never match a WeCom group.",
    noIdsLeft ? 'With no chat id in the list, the bot answers in no WeCom group at all.' : '',
    'Put the chat id instead: it appears as "room" in the log when someone @s the bot in that group.',
  ]
    .filter(Boolean)
    .join(' ');
}
