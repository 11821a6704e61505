import type { RoomPoster } from './ports.js';

/** One running connection to a chat platform (or the console room), as `startChannels` manages it. */
export interface ChatChannel {
  readonly name: 'wechaty' | 'wecom' | 'console';
  start(): Promise<void>;
  /** Stops cleanly: no new messages, replies still waiting are dropped, the connection is closed. */
  stop(): Promise<void>;
  /** Posting without a question (reminder digests) to the rooms this channel reaches. */
  readonly poster: RoomPoster;
  /** Whether the platform connection is up right now (for /healthz), and in words what state it is in. */
  status(): ChannelStatus;
}

export interface ChannelStatus {
  connected: boolean;
  detail: string;
  /** For a connection only one process may hold: whether this process holds it or stands by. */
  role?: 'active' | 'passive';
}

/** A setting that makes a channel impossible to start; the message names the setting and what to do. */
export class ChatSetupError extends Error {
  override name = 'ChatSetupError';
}
