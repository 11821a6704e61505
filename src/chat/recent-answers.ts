import { conversationKey } from './matchers.js';
import type { InboundMessage } from './ports.js';

/**
 * The answers given lately, so that feedback can name what it is about: `/错了` refers to the caller's last
 * answer (or the room's), a platform's thumbs-down to the answer it was shown on. Kept in memory for a day
 * and at most a few thousand answers: feedback comes while the answer is on screen, not weeks later.
 */
export interface AnswerRecord {
  channel: InboundMessage['channel'];
  roomId?: string;
  userId: string;
  messageId: string;
  question: string;
  citationIds: string[];
  mode?: string;
  confidence?: string;
  score?: number;
  at: number;
}

export interface RecentAnswers {
  /** A feedback id for an answer still being made (a streamed reply shows it before the answer is known). */
  newId(channel: AnswerRecord['channel'], messageId: string): string;
  /** Returns the feedback id the answer goes out with (`id` when one was taken before). */
  remember(record: Omit<AnswerRecord, 'at'>, id?: string): string;
  forUser(channel: AnswerRecord['channel'], roomId: string | undefined, userId: string): AnswerRecord | undefined;
  forRoom(channel: AnswerRecord['channel'], roomId: string | undefined, userId: string): AnswerRecord | undefined;
  byFeedbackId(id: string): AnswerRecord | undefined;
}

export function createRecentAnswers(options: { now?: () => number; ttlMs?: number; max?: number } = {}): RecentAnswers {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? 24 * 3_600_000;
  const max = options.max ?? 5000;
  const byId = new Map<string, AnswerRecord>();
  const lastByUser = new Map<string, string>();
  const lastByRoom = new Map<string, string>();
  let seq = 0;

  const fresh = (id: string | undefined): AnswerRecord | undefined => {
    const r = id === undefined ? undefined : byId.get(id);
    return r && now() - r.at < ttlMs ? r : undefined;
  };
  const userKey = (channel: string, roomId: string | undefined, userId: string) =>
    `${conversationKey(channel as AnswerRecord['channel'], roomId, userId)}:${userId}`;

  return {
    newId(channel, messageId) {
      seq += 1;
      // Platform message ids are unique per platform, the counter makes a re-asked id unique too; WeCom
      // limits a feedback id to 256 bytes.
      return `${channel}:${messageId}:${seq}`.slice(-200);
    },
    remember(record, given) {
      const id = given ?? this.newId(record.channel, record.messageId);
      byId.set(id, { ...record, at: now() });
      lastByUser.set(userKey(record.channel, record.roomId, record.userId), id);
      lastByRoom.set(conversationKey(record.channel, record.roomId, record.userId), id);
      while (byId.size > max) byId.delete(byId.keys().next().value!);
      return id;
    },
    forUser: (channel, roomId, userId) => fresh(lastByUser.get(userKey(channel, roomId, userId))),
    forRoom: (channel, roomId, userId) => fresh(lastByRoom.get(conversationKey(channel, roomId, userId))),
    byFeedbackId: (id) => fresh(id),
  };
}
