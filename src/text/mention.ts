/**
 * Removing the bot's @-mention from a message, in one place for every entry point (chat, CLI, web, eval).
 *
 * A mention of a known name is removed wherever it stands, with or without a space after it: people who type
 * the mention by hand often run straight into the question (`@小助手医保怎么办`). A mention of a name the bot
 * does not know (another alias, a nickname) can only be delimited by the space the platforms put after it;
 * without that space the text after @ is kept, since it may be the question itself.
 */
export function stripMention(text: string, names: readonly string[]): { text: string; found: boolean } {
  let found = false;
  let out = text;
  for (const name of names.filter(Boolean)) {
    const pattern = new RegExp(`[@＠]${escapeRegExp(name)}`, 'g');
    out = out.replace(pattern, () => {
      found = true;
      return ' ';
    });
  }
  return { text: found ? out.replace(/[ \t]{2,}/g, ' ').trim() : text, found };
}

/** Any leading `@name ` (a space after it, as WeChat and WeCom insert), whatever the name. */
const LEADING_MENTION = /^(?:\s*[@＠][^\s@＠]{1,20}[\s\u2005\u3000]+)+/u;

/** The question without the bot's mention: known names anywhere, any other name only before a space. */
export function questionText(text: string, botNames: readonly string[]): string {
  const known = stripMention(text, botNames).text;
  return known.replace(LEADING_MENTION, ' ').trim();
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
