/**
 * The card that follows a digest on WeCom: one "已完成" button per target (the soonest few), so that a
 * coordinator marks a target done with one tap instead of typing `/target done 编号`. The tap comes back as
 * a template-card event naming the button's key; the bot then runs the same `/target done` command as if the
 * person had typed it (same coordinator check, same done mark), and answers by updating the card, which
 * WeCom requires within 5 seconds. Shapes follow the SDK's TemplateCard (button_interaction).
 */

/** WeCom shows at most 6 buttons on a button_interaction card. */
export const MAX_DONE_BUTTONS = 6;
const KEY_PREFIX = 'planbot-done:';

export interface DoneCard {
  card_type: 'button_interaction';
  main_title: { title: string; desc?: string };
  sub_title_text?: string;
  button_list: Array<{ text: string; style: number; key: string }>;
  task_id: string;
}

export function doneCard(targetIds: string[], taskId: string): DoneCard | undefined {
  const shown = targetIds.slice(0, MAX_DONE_BUTTONS);
  if (shown.length === 0) return undefined;
  const more = targetIds.length - shown.length;
  return {
    card_type: 'button_interaction',
    main_title: { title: '标记完成', desc: '协调员点按钮即标记该编号的目标已完成' },
    ...(more > 0 ? { sub_title_text: `其余 ${more} 项请发送 /target done 编号` } : {}),
    button_list: shown.map((id) => ({ text: `${id} 已完成`, style: 1, key: `${KEY_PREFIX}${id}` })),
    task_id: taskId,
  };
}

/** The target a button key names, or undefined for keys that are not planbot's done buttons. */
export function targetOfKey(key: string | undefined): string | undefined {
  if (!key?.startsWith(KEY_PREFIX)) return undefined;
  const id = key.slice(KEY_PREFIX.length).trim();
  return /^[\w-]{1,64}$/.test(id) ? id : undefined;
}

/** The card after a tap: the tapped target's button shows the outcome, and the reply is its sub-title. */
export function updatedCard(card: DoneCard | undefined, targetId: string, reply: string, taskId: string, succeeded: boolean): DoneCard {
  const base = card ?? { card_type: 'button_interaction' as const, main_title: { title: '标记完成' }, button_list: [], task_id: taskId };
  return {
    ...base,
    sub_title_text: reply.length > 100 ? `${reply.slice(0, 99)}…` : reply,
    button_list: base.button_list.map((b) => (b.key === `${KEY_PREFIX}${targetId}` && succeeded ? { ...b, text: `${targetId} ✓`, style: 2 } : b)),
  };
}
