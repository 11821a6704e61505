import type { InboundMessage } from '../ports.js';
import { escapeRegExp } from '../text.js';

/**
 * A WeCom 智能机器人 callback body, as much of it as planbot reads. Declared here rather than imported from
 * the SDK so that this module (and its tests) never load the SDK. Field names follow the SDK's
 * `BaseMessage`/`TextMessage`/`VoiceMessage`/`MixedMessage` types.
 */
export interface WecomMessageBody {
  msgid: string;
  aibotid?: string;
  chatid?: string;
  chattype?: 'single' | 'group';
  from?: { userid?: string };
  create_time?: number;
  msgtype: string;
  text?: { content?: string };
  voice?: { content?: string };
  mixed?: { msg_item?: Array<{ msgtype: string; text?: { content?: string } }> };
}

/** WeCom stamps callbacks in seconds; milliseconds are accepted too. Missing: now. */
function toMillis(t: number | undefined, now: number): number {
  if (typeof t !== 'number' || !Number.isFinite(t) || t <= 0) return now;
  return t < 1e12 ? t * 1000 : t;
}

/** The readable text of a message: text, voice (WeCom transcribes it) and the text parts of text+image. */
function textOf(body: WecomMessageBody): string | undefined {
  if (body.msgtype === 'text') return body.text?.content ?? '';
  if (body.msgtype === 'voice') return body.voice?.content ?? '';
  if (body.msgtype === 'mixed') {
    const parts = (body.mixed?.msg_item ?? []).filter((i) => i.msgtype === 'text').map((i) => i.text?.content ?? '');
    return parts.length > 0 ? parts.join('\n') : undefined;
  }
  return undefined;
}

/**
 * WeCom delivers only the group messages that @ the bot, with the mention still in the text. The bot's
 * display name in WeCom need not be BOT_NAME, so when BOT_NAME is not found the leading "@name " is taken
 * to be the bot.
 */
function withoutBotMention(text: string, botName: string): string {
  const named = new RegExp(`[@＠]${escapeRegExp(botName)}`, 'g');
  if (named.test(text))
    return text
      .replace(named, ' ')
      .replace(/[ \t]{2,}/g, ' ')
      .trim();
  return text.replace(/^\s*[@＠]\S+\s+/, '').trim();
}

export function toInboundMessage(body: WecomMessageBody, botName: string, now: number): InboundMessage {
  const inGroup = body.chattype === 'group' && typeof body.chatid === 'string' && body.chatid !== '';
  const text = textOf(body);
  const userId = body.from?.userid ?? '';
  return {
    channel: 'wecom',
    messageId: body.msgid,
    roomId: inGroup ? body.chatid : undefined,
    userId,
    // The callback carries only the userid; WeCom shows the name when the id is mentioned.
    userName: userId,
    text: text === undefined ? '' : inGroup ? withoutBotMention(text, botName) : text,
    mentioned: true,
    sentAt: toMillis(body.create_time, now),
    kind: text === undefined ? 'other' : 'text',
  };
}

/** An event callback (`aibot_event_callback`), as much as planbot reads. */
export interface WecomEventBody {
  msgid?: string;
  chatid?: string;
  chattype?: 'single' | 'group';
  from?: { userid?: string };
  event?: { eventtype?: string; feedback_event?: { id?: unknown; type?: unknown; content?: unknown } };
}

/**
 * A rating of an answer. WeCom's document for the 智能机器人 feedback event gives `event.feedback_event` with
 * the id the answer was sent with and `type` 1 (accurate), 2 (inaccurate) or 3 (rating withdrawn), and the
 * user's text in `content`; the SDK's types leave the event's fields out. Anything else is not a rating.
 */
export function readFeedbackEvent(body: WecomEventBody | undefined): { id: string; verdict: 'up' | 'down' | 'cancel'; comment?: string } | undefined {
  const f = body?.event?.feedback_event;
  if (!f || typeof f.id !== 'string' || f.id === '') return undefined;
  const verdict = ({ 1: 'up', 2: 'down', 3: 'cancel' } as const)[Number(f.type) as 1 | 2 | 3];
  if (!verdict) return undefined;
  return { id: f.id, verdict, ...(typeof f.content === 'string' && f.content.trim() ? { comment: f.content.trim() } : {}) };
}
