import { createLogger, type Logger } from '../../../src/log/index.js';
import type { InboundMessage, ReplyTarget } from '../../../src/chat/ports.js';
import type { ChatConfig } from '../../../src/chat/router.js';

export const chatConfig = (over: Partial<ChatConfig> = {}): ChatConfig => ({
  BOT_NAME: '小助手',
  ROOM_ALLOWLIST: [],
  RATE_LIMIT_PER_MINUTE: 6,
  ROOM_SEND_INTERVAL_MS: 0,
  MAX_MESSAGE_CHARS: 2000,
  ...over,
});

export interface Sent {
  text: string;
  mention: boolean;
  part: number;
  feedbackId?: string;
  at: number;
}

/** A ReplyTarget that records what would be sent. */
export function recordingTarget(maxBytes = 2048, mentionBytes = 20): { target: ReplyTarget; sent: Sent[] } {
  const sent: Sent[] = [];
  return {
    sent,
    target: {
      maxBytes,
      mentionBytes,
      async send(text, o) {
        sent.push({ text, ...o, at: performance.now() });
      },
    },
  };
}

let counter = 0;
export function message(over: Partial<InboundMessage> = {}): InboundMessage {
  counter += 1;
  return {
    channel: 'wechaty',
    messageId: `msg-${counter}`,
    roomId: 'room-1@chatroom',
    roomTopic: '卫健工作群',
    userId: 'user-1',
    userName: '张三',
    text: '',
    mentioned: false,
    sentAt: Date.now(),
    ...over,
  };
}

/** A logger whose JSON lines are kept for assertions. */
export function capturingLogger(): { log: Logger; lines: () => Array<Record<string, unknown>> } {
  const raw: string[] = [];
  const log = createLogger({ level: 'debug', destination: { write: (line: string) => void raw.push(line) } });
  return {
    log,
    lines: () =>
      raw
        .flatMap((r) => r.split('\n'))
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}
