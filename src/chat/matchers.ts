import type { InboundMessage } from './ports.js';

/**
 * "Should the bot answer this?" as small predicates, kept apart from "what does it say" (router.ts), in the
 * manner of Wechaty's matchers and talkers. Each one reads only the message and what it is given.
 */

// WeChat's clock and ours differ a little, and WeCom stamps messages in whole seconds.
const CLOCK_TOLERANCE_MS = 2000;

export const isOwnMessage = (m: InboundMessage): boolean => m.fromSelf === true;

export const isText = (m: InboundMessage): boolean => (m.kind ?? 'text') === 'text';

export const isPrivate = (m: InboundMessage): boolean => m.roomId === undefined;

/** Sent before the bot started: history that a puppet replays on login, not a question for us. */
export const isHistory = (m: InboundMessage, startedAt: number): boolean => m.sentAt < startedAt - CLOCK_TOLERANCE_MS;

/** In a room the bot speaks when mentioned or given a command; in a private chat every message is for it. */
export const isAddressed = (m: InboundMessage, startsWithCommand: boolean): boolean => isPrivate(m) || m.mentioned || startsWithCommand;

/** One pacing queue per room, or per private chat. */
export const conversationKey = (channel: InboundMessage['channel'], roomId: string | undefined, userId: string): string =>
  `${channel}:${roomId ?? `dm:${userId}`}`;

/** Rate limits count per person across rooms. */
export const userKey = (m: InboundMessage): string => `${m.channel}:${m.userId}`;

/** Follow-up context is per person per room: the same person may be discussing different items elsewhere. */
export const followUpKey = (m: InboundMessage): string => `${conversationKey(m.channel, m.roomId, m.userId)}:${m.userId}`;
