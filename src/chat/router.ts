import { randomUUID } from 'node:crypto';
import { secretKeys, type Config, type SecretKey } from '../config/index.js';
import { maskSecrets, withLogContext, type Logger } from '../log/index.js';
import { noMetrics, secondsSince, type BotMetrics, type IgnoreReason, type ReplyKind } from '../ports/metrics.js';
import { RoomAllowlist } from './allowlist.js';
import { CommandTable, builtInCommands, renderHelp } from './commands.js';
import { createFollowUpMemory } from './follow-up.js';
import { conversationKey, followUpKey, isAddressed, isHistory, isOwnMessage, isPrivate, isText, userKey } from './matchers.js';
import { createOutbox } from './outbox.js';
import { createRecentAnswers, type AnswerRecord } from './recent-answers.js';
import {
  PartialDeliveryError,
  type Assistant,
  type ChatCommand,
  type ChatFeedback,
  type CommandCaller,
  type FeedbackSink,
  type InboundMessage,
  type ReplyTarget,
} from './ports.js';
import { createRateLimiter } from './rate-limit.js';
import { replies } from './replies.js';
import { createSeenMessages } from './seen-messages.js';
import { createUserGate } from './user-gate.js';
import { splitReply } from './split.js';
import { cleanIncoming, cutToBytes, cutToChars, hasWords, stripMention, utf8Bytes } from './text.js';

/** The settings the chat layer reads; the secrets only to mask them in everything it sends. */
export type ChatConfig = Pick<Config, 'BOT_NAME' | 'ROOM_ALLOWLIST' | 'RATE_LIMIT_PER_MINUTE' | 'ROOM_SEND_INTERVAL_MS' | 'MAX_MESSAGE_CHARS'> &
  Partial<Pick<Config, SecretKey>>;

/** Messages one person may have being answered at once: WeCom's own limit of unfinished replies per user. */
export const MAX_IN_FLIGHT_PER_USER = 3;

export interface RouterOptions {
  config: ChatConfig;
  log: Logger;
  assistant: Assistant;
  /** Commands other modules contribute (reminders: /remind, /target). */
  commands?: ChatCommand[];
  now?: () => number;
  /** Messages sent before this moment are history and ignored (default: when the router is created). */
  startedAt?: number;
  /** Pacing between two messages to one room; default ROOM_SEND_INTERVAL_MS. */
  sendIntervalMs?: number;
  /** Counts messages, replies and rate limits (for /metrics); nothing by default. */
  metrics?: BotMetrics;
  /** The id that ties one message's log lines together; a short random id by default. */
  requestId?: () => string;
  /** Where `/错了` and platform feedback on answers are kept; without it there is no /错了 command. */
  feedback?: FeedbackSink;
  /** Least time between two drafts of a streamed reply (default DRAFT_INTERVAL_MS). */
  draftIntervalMs?: number;
}

/**
 * A streamed reply is refreshed at most this often: every token would be hundreds of frames per answer, and
 * people read no faster than this anyway.
 */
export const DRAFT_INTERVAL_MS = 800;

/** What the router said to one addressed message, and, for a question, what the assistant made of it. */
interface Reply {
  text: string;
  kind: string;
  metric: ReplyKind;
  question?: { mode?: string; citationIds: string[]; confidence?: string; score?: number };
}

/**
 * The platform-free heart of the bot. Adapters hand it every message they see, with a way to answer; it
 * decides whether to answer (guard clauses, see matchers.ts), what to answer (a command or a question for
 * the assistant), and sends the answer split and paced. `receive` never throws: a failure while answering
 * becomes a logged error and a short apology, and the next message is answered normally.
 */
export interface Router {
  receive(msg: InboundMessage, target: ReplyTarget): Promise<void>;
  /**
   * A platform's rating of an answer (WeCom's thumbs), by the `feedbackId` the answer was sent with. Resolves
   * false when the answer is not known (too old, or from before a restart) or nothing keeps feedback.
   */
  feedback(feedbackId: string, verdict: ChatFeedback['verdict'], from: { userId: string; comment?: string }): Promise<boolean>;
  /** Send text to a conversation without a question (scheduled digests); split and paced like replies. */
  deliver(key: string, text: string, target: ReplyTarget, options?: { mention?: boolean }): Promise<void>;
  readonly allowlist: RoomAllowlist;
  /** Resolves when every message received so far has been handled and its replies sent. */
  idle(): Promise<void>;
  /** Stop answering and drop replies still waiting for their turn. */
  stop(): void;
}

export function createRouter(options: RouterOptions): Router {
  const { config, assistant } = options;
  const log = options.log.child({ module: 'chat' });
  const now = options.now ?? Date.now;
  const metrics = options.metrics ?? noMetrics;
  const requestId = options.requestId ?? (() => randomUUID().slice(0, 8));
  const startedAt = options.startedAt ?? now();
  const secrets = secretKeys.map((k) => config[k]);
  const allowlist = new RoomAllowlist(config.ROOM_ALLOWLIST);
  const seen = createSeenMessages({ now });
  const limiter = createRateLimiter({ perMinute: config.RATE_LIMIT_PER_MINUTE, now });
  const followUps = createFollowUpMemory({ now });
  const outbox = createOutbox({ intervalMs: options.sendIntervalMs ?? config.ROOM_SEND_INTERVAL_MS, log, now });
  const help = (): string => renderHelp(config.BOT_NAME, table.all);
  const recent = createRecentAnswers({ now });
  const gate = createUserGate(MAX_IN_FLIGHT_PER_USER);
  const table: CommandTable = new CommandTable([
    ...builtInCommands(assistant, help),
    ...(options.feedback ? [feedbackCommand(options.feedback)] : []),
    ...(options.commands ?? []),
  ]);
  const inFlight = new Set<Promise<void>>();
  let stopped = false;

  const caller = (m: InboundMessage): CommandCaller => ({
    channel: m.channel,
    roomId: m.roomId,
    roomTopic: m.roomTopic,
    userId: m.userId,
    userName: m.userName,
  });

  function toFeedback(
    record: AnswerRecord,
    verdict: ChatFeedback['verdict'],
    source: ChatFeedback['source'],
    userId: string,
    comment: string | undefined,
  ): ChatFeedback {
    return {
      verdict,
      source,
      channel: record.channel,
      roomId: record.roomId ?? null,
      userId,
      question: record.question,
      citedIds: record.citationIds,
      confidence: record.confidence ?? null,
      score: record.score ?? null,
      mode: record.mode ?? null,
      comment: comment?.trim() ? comment.trim() : null,
    };
  }

  /** `/错了` and `/不对`: the caller's own last answer here, else the last one anybody got in this room. */
  function feedbackCommand(sink: FeedbackSink): ChatCommand {
    return {
      names: ['错了', '不对', 'wrong'],
      summary: '/错了（不对） 可以补充说明：上一个回答不对时告诉我，会记下来用于改进',
      async run(args, c) {
        const record = recent.forUser(c.channel, c.roomId, c.userId) ?? recent.forRoom(c.channel, c.roomId, c.userId);
        if (!record) return replies.feedbackNothing;
        await sink.record(toFeedback(record, 'down', 'command', c.userId, args));
        log.info(
          { channel: c.channel, room: c.roomId ?? null, user: c.userId, question: record.question, cited: record.citationIds, mode: record.mode },
          'feedback: answer marked wrong',
        );
        return replies.feedbackThanks(record.question);
      },
    };
  }

  /**
   * Drafts of one reply: at most one every `draftIntervalMs` (the ones in between are skipped: each draft
   * replaces the last), masked like everything sent, and cut to one message's bytes, since the finished
   * reply's first part takes the draft's place and the rest follows as further messages.
   */
  function draftStream(target: ReplyTarget, opts: { mention: boolean; feedbackId?: string }, where: Record<string, unknown>) {
    const interval = options.draftIntervalMs ?? DRAFT_INTERVAL_MS;
    const room = target.maxBytes - (opts.mention ? target.mentionBytes : 0);
    let last = -Infinity;
    // Drafts leave one after another (a later one must not overtake an earlier one on the wire).
    let queue: Promise<void> = Promise.resolve();
    let count = 0;
    let closed = false;
    return {
      push(answerSoFar: string): void {
        if (closed || now() - last < interval || answerSoFar.trim() === '') return;
        last = now();
        const text = maskSecrets(answerSoFar, secrets);
        const shown = utf8Bytes(text) > room ? `${cutToBytes(text, room - utf8Bytes('…'))}…` : text;
        const first = count === 0;
        count += 1;
        queue = queue
          .then(() => target.draft!(shown, { mention: opts.mention, ...(first && opts.feedbackId ? { feedbackId: opts.feedbackId } : {}) }))
          .catch((err: unknown) => log.warn({ ...where, err }, 'draft of a streamed reply not sent'));
      },
      /** No more drafts; resolves when the last one is out, so that the finished reply comes after it. */
      async close(): Promise<void> {
        closed = true;
        await queue;
      },
      sent: () => count > 0,
    };
  }

  /** A message the assistant will answer, as opposed to a command, help or a message without words. */
  const isQuestion = (m: InboundMessage, text: string): boolean =>
    text !== '' && hasWords(text) && table.parse(text, { bare: isPrivate(m) || m.mentioned }) === undefined;

  /** What to say to an addressed message: a command's output, help, or the assistant's answer. */
  async function answer(m: InboundMessage, text: string, onDraft?: (answerSoFar: string) => void): Promise<Reply> {
    const command = table.parse(text, { bare: isPrivate(m) || m.mentioned });
    if (command?.command) return { text: await command.command.run(command.args, caller(m)), kind: `/${command.typed}`, metric: 'command' };
    if (command) {
      const unknown = command.typed === '' ? '' : `${replies.unknownCommand(command.typed)}\n\n`;
      return { text: unknown + help(), kind: 'unknown-command', metric: command.typed === '' ? 'help' : 'unknown-command' };
    }
    if (text === '') return { text: help(), kind: 'empty', metric: 'help' };
    if (!hasWords(text)) return { text: replies.noWords, kind: 'no-words', metric: 'no-words' };
    const key = followUpKey(m);
    const reply = await assistant.ask(text, followUps.get(key), onDraft ? { onDraft } : undefined);
    followUps.remember(key, reply.citationIds);
    const kind = reply.answered ? 'answered' : 'unanswered';
    return {
      text: reply.text,
      kind,
      metric: kind,
      question: { mode: reply.mode, citationIds: reply.citationIds, confidence: reply.confidence, score: reply.score },
    };
  }

  // Every message to a chat leaves through here (answers, command output, notices, digests), so this is where
  // the secrets are masked, as in the logs: an LLM can quote the API key, a command can echo a setting.
  async function deliver(key: string, raw: string, target: ReplyTarget, opts: { mention?: boolean; feedbackId?: string } = {}): Promise<void> {
    const text = maskSecrets(raw, secrets);
    const mention = opts.mention === true;
    const parts = splitReply(text, { maxBytes: target.maxBytes, firstReserveBytes: mention ? target.mentionBytes : 0 });
    // Queued together so that the parts leave in order, paced, without another room's reply in between.
    const sends = parts.map((part, i) =>
      outbox.send(key, () =>
        target.send(part, { mention: mention && i === 0, part: i, ...(i === 0 && opts.feedbackId ? { feedbackId: opts.feedbackId } : {}) }),
      ),
    );
    const results = await Promise.allSettled(sends);
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed.length > 0) {
      throw new PartialDeliveryError(
        failed.map((f) => f.reason),
        `${failed.length} of ${parts.length} messages to ${key} were not sent`,
        parts.length - failed.length,
      );
    }
  }

  // Every line about this message carries its request id, so that one grep shows its whole story, down to
  // the LLM client's retries (see withLogContext).
  function handle(m: InboundMessage, target: ReplyTarget): Promise<void> {
    return withLogContext({ requestId: requestId() }, () => handleMessage(m, target));
  }

  async function handleMessage(m: InboundMessage, target: ReplyTarget): Promise<void> {
    if (stopped) return;
    metrics.messageReceived(m.channel);
    const ignore = (reason: IgnoreReason): void => metrics.messageIgnored(m.channel, reason);
    if (isOwnMessage(m)) return ignore('own-message');
    if (!isText(m)) return ignore('not-text');
    const where = { channel: m.channel, room: m.roomId ?? null, user: m.userId, messageId: m.messageId };
    if (!seen.firstTime(`${m.channel}:${m.messageId}`)) return (ignore('duplicate'), log.debug(where, 'duplicate message ignored'));
    if (isHistory(m, startedAt)) return (ignore('history'), log.debug(where, 'message from before start-up ignored'));
    if (!allowlist.allows(m.roomId)) return (ignore('room-not-allowed'), log.debug(where, 'room not in ROOM_ALLOWLIST'));

    // Adapters strip the platform's mention; a typed "@小助手" that the platform did not mark counts too.
    const mention = stripMention(cleanIncoming(m.text), [config.BOT_NAME]);
    const msg: InboundMessage = { ...m, text: mention.text, mentioned: m.mentioned || mention.found };
    // Only a known command addresses the bot without a mention: "/usr/local 在哪" or a typo is chat between
    // people, and answering it would @ the sender with the whole help text.
    const knownCommand = table.parse(msg.text, { bare: false })?.command !== undefined;
    if (!isAddressed(msg, knownCommand)) return ignore('not-addressed');

    const input = cutToChars(msg.text, config.MAX_MESSAGE_CHARS);
    const key = conversationKey(msg.channel, msg.roomId, msg.userId);
    const mentionAsker = !isPrivate(msg);
    // Only questions count: they are what costs (retrieval, an LLM call); /help or /remind never should lock
    // someone out of asking.
    if (isQuestion(msg, input.text)) {
      const decision = limiter.check(userKey(msg));
      if (!decision.allowed) {
        ignore('rate-limited');
        metrics.userRateLimited(decision.first ? 'notified' : 'repeated');
        log.info({ ...where, retryAfterMs: decision.retryAfterMs }, 'rate limited, notice sent');
        const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
        return deliver(key, replies.rateLimited(config.RATE_LIMIT_PER_MINUTE, seconds), target, { mention: mentionAsker });
      }
    }

    await gate.run(userKey(msg), () => answerAndSend(msg, target, { where, input, key, mentionAsker }));
  }

  async function answerAndSend(
    msg: InboundMessage,
    target: ReplyTarget,
    { where, input, key, mentionAsker }: { where: Record<string, unknown>; input: { text: string; cut: boolean }; key: string; mentionAsker: boolean },
  ): Promise<void> {
    if (stopped) return;
    const started = now();
    const answering = performance.now();
    let reply: Reply;
    // A question may be answered by an LLM as it writes: where the platform can show a reply being written,
    // drafts go out throttled, and the finished reply (checked, with citations) replaces them.
    const streaming = target.draft !== undefined && isQuestion(msg, input.text);
    const feedbackId = streaming && options.feedback ? recent.newId(msg.channel, msg.messageId) : undefined;
    const drafts = streaming ? draftStream(target, { mention: mentionAsker, feedbackId }, where) : undefined;
    try {
      reply = await answer(msg, input.text, drafts?.push);
    } catch (err) {
      log.error({ ...where, err }, 'answering failed');
      reply = { text: replies.apology, kind: 'failed', metric: 'failed' };
    }
    await drafts?.close();
    const answerSeconds = secondsSince(answering);
    // The note goes first: a long reply may be cut short itself, and the note must survive that.
    const text = input.cut ? `${replies.messageCut(config.MAX_MESSAGE_CHARS)}\n\n${reply.text}` : reply.text;
    if (text.trim() === '') return log.warn({ ...where, kind: reply.kind }, 'empty reply, nothing sent');
    // Remembered before sending: a thumbs-down can arrive as soon as the first part is on screen.
    const answerId =
      reply.question && options.feedback
        ? recent.remember(
            {
              channel: msg.channel,
              roomId: msg.roomId,
              userId: msg.userId,
              messageId: msg.messageId,
              question: input.text,
              ...reply.question,
            },
            feedbackId,
          )
        : undefined;
    // After drafts WeCom already has the feedback id (it takes it on the first frame only).
    await deliver(key, text, target, { mention: mentionAsker, feedbackId: drafts?.sent() ? undefined : answerId });
    metrics.messageAnswered(msg.channel, reply.metric, answerSeconds);
    const ms = now() - started;
    const answerMs = Math.round(answerSeconds * 1000);
    if (!reply.question) return log.info({ ...where, kind: reply.kind, ms, answerMs }, 'replied');
    // The audit line: what was asked, what the bot cited and how it made the answer, so that a coordinator
    // can check what the bot told a group.
    log.info(
      {
        ...where,
        kind: reply.kind,
        mode: reply.question.mode,
        confidence: reply.question.confidence,
        question: input.text,
        cut: input.cut,
        cited: reply.question.citationIds,
        ms,
        answerMs,
      },
      'answered question',
    );
  }

  return {
    allowlist,
    deliver,
    async feedback(feedbackId, verdict, from) {
      const record = recent.byFeedbackId(feedbackId);
      if (!record || !options.feedback) {
        log.info({ feedbackId, verdict, user: from.userId }, 'feedback on an answer this process does not remember; not kept');
        return false;
      }
      await options.feedback.record(toFeedback(record, verdict, 'wecom-event', from.userId, from.comment));
      log.info(
        { channel: record.channel, room: record.roomId ?? null, user: from.userId, verdict, question: record.question, cited: record.citationIds },
        'feedback on an answer',
      );
      return true;
    },
    async receive(m, target) {
      const work = handle(m, target).catch((err: unknown) => {
        log.error({ channel: m.channel, room: m.roomId ?? null, user: m.userId, messageId: m.messageId, err }, 'reply not delivered');
      });
      inFlight.add(work);
      try {
        await work;
      } finally {
        inFlight.delete(work);
      }
    },
    async idle() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
      await outbox.idle();
    },
    stop() {
      stopped = true;
      outbox.stop();
    },
  };
}
