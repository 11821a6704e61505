import type { FeedbackRecord } from '../store/feedback-table.js';
/**
 * What the chat layer needs from the rest of planbot, and what it offers back. The chat layer (router and
 * adapters) depends only on these shapes; the core that implements them never imports a chat SDK.
 */

/** One incoming chat message, whatever platform it came from. */
export interface InboundMessage {
  channel: 'wechaty' | 'wecom' | 'console';
  messageId: string;
  /** Absent in a private chat. */
  roomId?: string;
  roomTopic?: string;
  userId: string;
  userName: string;
  /** The message text with the bot's mention removed. */
  text: string;
  /** The bot was @-mentioned (always true in a private chat, where every message is for the bot). */
  mentioned: boolean;
  /** When the platform says the message was sent (ms since epoch). */
  sentAt: number;
  /** The bot's own message (platforms echo what the bot sends); ignored. */
  fromSelf?: boolean;
  /** Only text is answered; images, files, stickers and the like arrive as `other` and are ignored. */
  kind?: 'text' | 'other';
}

/**
 * How to answer one incoming message on its platform. The router decides what to say; the adapter says it.
 * Byte counts are UTF-8 bytes, the unit platforms limit messages in.
 */
export interface ReplyTarget {
  /** The most one message may carry on this platform, in UTF-8 bytes. */
  maxBytes: number;
  /** What the platform adds when the reply mentions the asker (the "@name " prefix), in UTF-8 bytes. */
  mentionBytes: number;
  /**
   * Send one message. `part` counts from 0; `mention` is true for the first part of a reply in a room.
   * `feedbackId`, on the first part of an answer to a question, names the answer for a platform that lets
   * people rate replies (WeCom): its feedback event comes back with this id (see Router.feedback).
   */
  send(text: string, options: { mention: boolean; part: number; feedbackId?: string }): Promise<void>;
  /**
   * Show a reply while it is being written (WeCom's streamed reply), each call replacing the last; the
   * first part sent with `send` then replaces the draft for good. Platforms without it get only `send`.
   * `feedbackId` as for `send`, on the first draft.
   */
  draft?(text: string, options: { mention: boolean; feedbackId?: string }): Promise<void>;
}

/** A reply to one question: the text to send and the items it cited (kept for follow-up questions). */
export interface AskReply {
  answered: boolean;
  text: string;
  citationIds: string[];
  /** How the reply was made (extractive, llm, unit-listing, follow-up, not-found), for the audit log. */
  mode?: string;
  /** How sure retrieval was (confident, tentative, none) and its calibrated score, kept with feedback. */
  confidence?: string;
  score?: number;
}

/**
 * Someone said an answer was wrong (or right): `/错了` in any channel, or a platform's own feedback button.
 * Carries what turns a miss into an eval case: the question, the items the answer cited, how it was made.
 */
export type ChatFeedback = Omit<FeedbackRecord, 'id' | 'at' | 'channel'> & { channel: InboundMessage['channel'] };

/** Where feedback is kept (a table beside the reminders'); the chat layer only hands it over. */
export interface FeedbackSink {
  record(feedback: ChatFeedback): Promise<void>;
}

/** The items a user was last shown, so that "那它的责任单位是谁?" can refer to them. */
export interface FollowUpContext {
  citationIds: string[];
}

/** The question-answering core, as the chat router sees it. Every method returns finished reply text. */
export interface Assistant {
  /** `onDraft` receives the answer as it is written (LLM answers only); the returned reply is what counts. */
  ask(question: string, followUp?: FollowUpContext, options?: { onDraft?: (answerSoFar: string) => void }): Promise<AskReply>;
  /** `/unit 医政科`: every item of a unit. */
  unit(query: string): Promise<string>;
  /** `/item 龙岗 29`: one item in full. */
  item(query: string): Promise<string>;
  /** `/docs`: the plans that are loaded. */
  docs(): Promise<string>;
}

/** Who sent a command, for commands that check permissions or remember the room. */
export interface CommandCaller {
  channel: InboundMessage['channel'];
  roomId?: string;
  roomTopic?: string;
  userId: string;
  userName: string;
}

/**
 * A slash command contributed by another module (reminders add `/remind` and `/target`). The router matches
 * the names (with or without the leading slash, Chinese aliases included) and passes the rest of the line.
 */
export interface ChatCommand {
  names: string[];
  /** One line for /help. */
  summary: string;
  run(args: string, caller: CommandCaller): Promise<string>;
}

/** What a digest offers beyond its text, for platforms that can show it (WeCom cards); others send the text. */
export interface PostOptions {
  /** Targets the digest lists, soonest first: a platform with buttons offers "已完成" for the first few. */
  doneTargets?: string[];
}

/** Posting without a prompt (scheduled digests): the adapter that owns the room sends it. */
export interface RoomPoster {
  /** True when this poster can reach the room. */
  owns(roomId: string): boolean;
  /**
   * True while another process holds the platform connection (a passive WeCom lease holder): scheduled posts
   * are left to that process, which shares the store.
   */
  standingBy?(): boolean;
  /**
   * Whether the platform still knows the room, asked now (a Wechaty account's room list), or undefined when
   * the platform cannot tell (WeCom cannot list a bot's groups). Lets a coordinator find subscriptions whose
   * room is gone (orphans).
   */
  reaches?(roomId: string): Promise<boolean | undefined>;
  /** Rejects with a PartialDeliveryError when some of the message's parts reached the room and some did not. */
  post(roomId: string, text: string, options?: PostOptions): Promise<void>;
}

/**
 * A long message goes out in parts; when only some of them reach the room, the sender must know, because
 * sending the whole message again would repeat the parts people have already read.
 */
export class PartialDeliveryError extends AggregateError {
  override name = 'PartialDeliveryError';
  constructor(
    errors: unknown[],
    message: string,
    /** Parts that did reach the room. */
    readonly delivered: number,
  ) {
    super(errors, message);
  }
}

/** Rooms a platform has shown the bot, remembered across restarts (WeCom cannot list a bot's groups). */
export interface RoomMemory {
  rooms(): Promise<string[]>;
  remember(roomId: string): Promise<void>;
}

/**
 * The right to hold a platform connection that only one process may hold (a WeCom bot id). Kept in the
 * shared store, so that a second planbot on the same store stands by instead of fighting for the connection.
 */
export interface ConnectionLease {
  /** Take the lease, or renew it; true while this process holds it. */
  hold(): Promise<boolean>;
  /** Give it up now (a clean stop). */
  release(): Promise<void>;
  /** How often the holder renews and a standby tries again; well under the lease's lifetime. */
  readonly renewMs: number;
}
