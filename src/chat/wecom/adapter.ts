import type { WSClient, WsFrame } from '@wecom/aibot-node-sdk';
import type { Config } from '../../config/index.js';
import type { Logger } from '../../log/index.js';
import { ChatSetupError, type ChatChannel } from '../channel.js';
import { conversationKey } from '../matchers.js';
import type { ConnectionLease, ReplyTarget, RoomMemory, RoomPoster } from '../ports.js';
import type { Router } from '../router.js';
import { utf8Bytes } from '../text.js';
import { wecomAllowlistWarning, wecomUnresolvableEntries } from './allowlist-topics.js';
import { doneCard, targetOfKey, updatedCard, type DoneCard } from './done-card.js';
import { readFeedbackEvent, toInboundMessage, type WecomEventBody, type WecomMessageBody } from './inbound.js';

/**
 * WeCom's official 智能机器人 long connection (@wecom/aibot-node-sdk): the bot dials out over a WebSocket
 * with its bot id and secret, so no public address is needed. WeCom delivers the group messages that @ the
 * bot and every message in a private chat with it. The first part of an answer is the reply bound to the
 * question (a finished stream message); further parts and scheduled posts are pushed to the chat.
 */

export interface WecomAdapterOptions {
  config: Pick<Config, 'BOT_NAME' | 'WECOM_BOT_ID' | 'WECOM_BOT_SECRET' | 'WECOM_WS_URL'>;
  log: Logger;
  router: Router;
  /** The most one message may carry, in UTF-8 bytes: WeCom text messages take 2048. */
  maxBytes?: number;
  /** The SDK's own reconnect schedule starts here (it doubles up to 30 s). */
  reconnectIntervalMs?: number;
  heartbeatIntervalMs?: number;
  /**
   * How long `start` waits for the first authentication before returning anyway (the SDK keeps trying). A
   * refused login ends the wait at once with an error.
   */
  startTimeoutMs?: number;
  /** Called once a message has been handled completely: ignored, or answered and the answer sent. */
  onSettled?: (messageId: string) => void;
  /** One connection per bot: without the lease this process stands by (see ConnectionLease). */
  lease?: ConnectionLease;
  /** Group chats seen before, so that digests reach them after a restart too. */
  rooms?: RoomMemory;
}

export const WECOM_TEXT_MAX_BYTES = 2048;

/**
 * The SDK reports a refused login (errcode ≠ 0 on aibot_subscribe) as a plain Error whose message starts
 * "Authentication failed:", and only its final give-up as WSAuthFailureError; there is no error code to test.
 */
function isAuthRefusal(err: Error, finalError: new (...args: never[]) => Error): boolean {
  return err.message.startsWith('Authentication failed') || err instanceof finalError;
}

/** The SDK's default heartbeat period. */
const DEFAULT_HEARTBEAT_MS = 30_000;

/**
 * Heartbeats sent since the last reply. The SDK counts them and closes the socket itself when the third
 * heartbeat is due with two unanswered (three periods of silence), but tells nobody before that; this
 * read-only look lets health say "not connected" during the silence. Undefined if the SDK changes shape:
 * the SDK's own close still works then, health only learns of it later.
 */
function unansweredHeartbeats(c: WSClient): number | undefined {
  const n = (c as unknown as { wsManager?: { missedPongCount?: unknown } }).wsManager?.missedPongCount;
  return typeof n === 'number' ? n : undefined;
}

/** WeCom markdown mentions a member by id; the client shows the member's name. */
const mentionOf = (userId: string) => `<@${userId}>`;

export function createWecomAdapter(options: WecomAdapterOptions): ChatChannel {
  const { config, router } = options;
  const log = options.log.child({ channel: 'wecom' });
  const maxBytes = options.maxBytes ?? WECOM_TEXT_MAX_BYTES;
  // Chats that reached the bot since start, plus allowlisted ids: the rooms a reminder may be posted to.
  const knownChats = new Set<string>();
  let client: WSClient | undefined;
  // Authenticated and not disconnected since: the SDK's own isConnected is true before authentication too.
  let authenticated = false;
  let lastProblem = 'not started';
  let generateReqId: (prefix: string) => string = (p) => `${p}_${Date.now()}`;
  const heartbeatMs = options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_MS;
  let watchdog: NodeJS.Timeout | undefined;
  let silentNoted = false;

  /**
   * Half-alive: the socket is up but WeCom stopped answering. One heartbeat period without a reply makes the
   * connection count as down (health 503); at three the SDK closes it and reconnects, and if it has not, this
   * does, saying why.
   */
  function checkSilence(c: WSClient): void {
    if (!authenticated || client !== c) return;
    const missed = unansweredHeartbeats(c) ?? 0;
    if (missed < 2) {
      silentNoted = false;
      return;
    }
    if (!silentNoted) {
      silentNoted = true;
      log.warn({ unansweredHeartbeats: missed, heartbeatMs }, 'WeCom connection silent: no heartbeat reply; reconnecting after three heartbeat periods');
    }
    if (missed >= 3) {
      log.warn({ unansweredHeartbeats: missed, heartbeatMs }, 'WeCom reconnecting: no frame or heartbeat reply for three heartbeat periods');
      authenticated = false;
      lastProblem = 'reconnecting after three heartbeat periods without a reply';
      c.disconnect();
      c.connect();
    }
  }

  const push = async (chatId: string, content: string) => {
    if (!client) throw new Error('wecom: not started');
    await client.sendMessage(chatId, { msgtype: 'markdown', markdown: { content } });
  };

  function replyTarget(frame: WsFrame, roomId: string | undefined, userId: string): ReplyTarget {
    // One stream per question: drafts refresh it (finish false), the first part of the answer finishes it.
    const streamId = generateReqId('stream');
    const feedback = (id: string | undefined) => (id ? { id } : undefined);
    return {
      maxBytes,
      mentionBytes: roomId ? utf8Bytes(`${mentionOf(userId)} `) : 0,
      async draft(text, { mention, feedbackId }) {
        if (!client) throw new Error('wecom: not started');
        await client.replyStream(frame, streamId, mention ? `${mentionOf(userId)} ${text}` : text, false, undefined, feedback(feedbackId));
      },
      async send(text, { mention, part, feedbackId }) {
        if (!client) throw new Error('wecom: not started');
        const content = mention ? `${mentionOf(userId)} ${text}` : text;
        // A callback takes one reply; the rest of a split answer goes to the chat as pushed messages. The
        // feedback id makes WeCom show its rating buttons and send the rating back naming this answer.
        if (part === 0) await client.replyStream(frame, streamId, content, true, undefined, feedback(feedbackId));
        else await push(roomId ?? userId, content);
      },
    };
  }

  async function onMessage(frame: WsFrame<WecomMessageBody>): Promise<void> {
    const body = frame.body;
    if (!body?.msgid) return log.warn({ reqId: frame.headers?.req_id }, 'WeCom message without msgid ignored');
    try {
      const inbound = toInboundMessage(body, config.BOT_NAME, Date.now());
      if (inbound.roomId && !knownChats.has(inbound.roomId)) {
        knownChats.add(inbound.roomId);
        options.rooms
          ?.remember(inbound.roomId)
          .catch((err: unknown) => log.warn({ err, room: inbound.roomId }, 'could not remember a WeCom chat id; digests reach it until the next restart'));
      }
      await router.receive(inbound, replyTarget(frame, inbound.roomId, inbound.userId));
    } finally {
      options.onSettled?.(body.msgid);
    }
  }

  async function onFeedback(frame: WsFrame<WecomEventBody>): Promise<void> {
    const rating = readFeedbackEvent(frame.body);
    if (!rating) return log.warn({ reqId: frame.headers?.req_id }, 'WeCom feedback event without a feedback id or rating ignored');
    await router.feedback(rating.id, rating.verdict, { userId: frame.body?.from?.userid ?? '', comment: rating.comment });
  }

  // Digest cards by task id, so that a tap can update the card it came from. Bounded: a card tapped after
  // it was forgotten (or after a restart) is answered with a card of its own.
  const cards = new Map<string, DoneCard>();

  async function postDoneCard(roomId: string, targetIds: string[]): Promise<void> {
    if (!client) return;
    const taskId = generateReqId('digest')
      .replace(/[^\w@-]/g, '_')
      .slice(0, 128);
    const card = doneCard(targetIds, taskId);
    if (!card) return;
    cards.set(taskId, card);
    while (cards.size > 500) cards.delete(cards.keys().next().value!);
    await client.sendMessage(roomId, { msgtype: 'template_card', template_card: card });
  }

  /** A tap on a digest card's "已完成": the tapper runs `/target done 编号`, and the card shows the outcome. */
  async function onCardEvent(frame: WsFrame<WecomEventBody & { event?: { event_key?: string; task_id?: string } }>): Promise<void> {
    const body = frame.body;
    const event = body?.event as { event_key?: string; task_id?: string } | undefined;
    const targetId = targetOfKey(event?.event_key);
    const userId = body?.from?.userid ?? '';
    if (!targetId || !body?.msgid || !userId) return log.debug({ key: event?.event_key }, 'WeCom card event that is not a done button ignored');
    const taskId = event?.task_id ?? '';
    const roomId = body.chattype === 'group' ? body.chatid : undefined;
    const target: ReplyTarget = {
      maxBytes,
      mentionBytes: 0,
      async send(text, { part }) {
        if (!client) throw new Error('wecom: not started');
        if (part > 0) return push(roomId ?? userId, text);
        const succeeded = /已标记完成|已经标记为完成/.test(text);
        // A refusal (not a coordinator, unknown id) is shown to the tapper only; a done mark to everyone.
        await client.updateTemplateCard(frame, updatedCard(cards.get(taskId), targetId, text, taskId, succeeded), succeeded ? undefined : [userId]);
      },
    };
    await router.receive(
      { channel: 'wecom', messageId: body.msgid, roomId, userId, userName: userId, text: `/target done ${targetId}`, mentioned: true, sentAt: Date.now() },
      target,
    );
  }

  const owns = (roomId: string): boolean => knownChats.has(roomId) || (!router.allowlist.isOpen && router.allowlist.allows(roomId));
  const poster: RoomPoster = {
    owns,
    standingBy: () => role === 'passive',
    // WeCom offers a bot no list of its groups (and its chat ids do not change): a chat not seen since
    // start-up may well still exist, so only "yes" can be said.
    reaches: async (roomId) => (owns(roomId) ? true : undefined),
    async post(roomId, text, postOptions) {
      const target: ReplyTarget = { maxBytes, mentionBytes: 0, send: (part) => push(roomId, part) };
      await router.deliver(conversationKey('wecom', roomId, ''), text, target);
      // The digest itself has arrived; a card that fails is only a missing shortcut (/target done works).
      if (postOptions?.doneTargets?.length) {
        await postDoneCard(roomId, postOptions.doneTargets).catch((err: unknown) => log.warn({ err, room: roomId }, 'digest card with done buttons not sent'));
      }
    },
  };

  const lease = options.lease;
  let role: 'active' | 'passive' | undefined;
  let leaseTimer: NodeJS.Timeout | undefined;
  let leaseBusy = false;
  let stopped = false;

  const channel: ChatChannel = {
    name: 'wecom',
    poster,
    async start() {
      const botId = config.WECOM_BOT_ID;
      const secret = config.WECOM_BOT_SECRET;
      if (!botId || !secret)
        throw new ChatSetupError(`WeCom needs both WECOM_BOT_ID and WECOM_BOT_SECRET; ${botId ? 'WECOM_BOT_SECRET' : 'WECOM_BOT_ID'} is empty`);
      const allowlistWarning = wecomAllowlistWarning(router.allowlist.configured);
      if (allowlistWarning) log.warn({ entries: wecomUnresolvableEntries(router.allowlist.configured) }, allowlistWarning);
      stopped = false;
      if (options.rooms) {
        try {
          for (const id of await options.rooms.rooms()) knownChats.add(id);
          log.info({ chats: knownChats.size }, 'WeCom chats remembered from earlier runs');
        } catch (err) {
          log.warn({ err }, 'could not read the WeCom chats remembered from earlier runs; digests reach chats seen from now on');
        }
      }
      if (!lease) return openConnection(botId, secret);
      leaseTimer = setInterval(() => void keepLease(botId, secret), lease.renewMs);
      leaseTimer.unref();
      if (await holdLease()) {
        role = 'active';
        return openConnection(botId, secret);
      }
      role = 'passive';
      log.info('another planbot holds the WeCom connection for this bot (lease in the store); standing by to take over');
    },
    status() {
      if (role === 'passive')
        return { connected: true, role, detail: "passive: another planbot holds this bot's connection (lease); takes over when the lease expires" };
      const missed = client ? (unansweredHeartbeats(client) ?? 0) : 0;
      const held = lease ? { role: 'active' as const } : {};
      if (client && authenticated && missed >= 2) {
        return {
          connected: false,
          ...held,
          detail: `WeCom long connection silent: ${missed - 1} heartbeat period(s) without a reply; reconnecting after three`,
        };
      }
      if (client && authenticated)
        return { connected: true, ...held, detail: lease ? 'long connection authenticated (active: holds the lease)' : 'long connection authenticated' };
      return { connected: false, ...held, detail: `WeCom long connection not up (${lastProblem})` };
    },
    async stop() {
      stopped = true;
      clearInterval(leaseTimer);
      clearInterval(watchdog);
      router.stop();
      client?.disconnect();
      client = undefined;
      authenticated = false;
      lastProblem = 'stopped';
      // Released at once on a clean stop, so that a standby takes over without waiting for the lease to run out.
      if (lease && role === 'active')
        await lease.release().catch((err: unknown) => log.warn({ err }, 'could not release the WeCom lease; it runs out by itself'));
      role = undefined;
      log.info('WeCom stopped');
    },
  };

  /** Take or renew the lease; a store that cannot be asked keeps the role this process already has. */
  async function holdLease(): Promise<boolean> {
    try {
      return await lease!.hold();
    } catch (err) {
      log.error({ err }, 'could not read or renew the WeCom lease in the store');
      return role !== 'passive';
    }
  }

  async function keepLease(botId: string, secret: string): Promise<void> {
    if (leaseBusy || stopped) return;
    leaseBusy = true;
    try {
      const held = await holdLease();
      if (stopped) return;
      if (role === 'active' && !held) {
        role = 'passive';
        log.warn('another planbot took the WeCom lease; closing this connection and standing by');
        clearInterval(watchdog);
        client?.disconnect();
        client = undefined;
        authenticated = false;
        lastProblem = 'standing by: another process holds the lease';
      } else if (role === 'passive' && held) {
        role = 'active';
        log.warn('the WeCom lease was free (the other planbot stopped or stopped renewing); taking over the connection');
        await openConnection(botId, secret).catch((err: unknown) => log.error({ err }, 'taking over the WeCom connection failed'));
      }
    } finally {
      leaseBusy = false;
    }
  }

  async function openConnection(botId: string, secret: string): Promise<void> {
    client?.disconnect();
    const sdk = await import('@wecom/aibot-node-sdk');
    generateReqId = sdk.generateReqId;
    const sdkLog = log.child({ module: 'aibot-sdk' });
    const c = new sdk.WSClient({
      botId,
      secret,
      wsUrl: config.WECOM_WS_URL,
      // A bot that gives up reconnecting is a silent bot: keep trying, with the SDK's capped backoff. Refused
      // logins count separately in the SDK (5 by default, then it stops for good), so that limit goes too:
      // once running, a refusal is usually WeCom having a moment or a secret being rotated, not a typo.
      maxReconnectAttempts: -1,
      maxAuthFailureAttempts: -1,
      reconnectInterval: options.reconnectIntervalMs,
      heartbeatInterval: options.heartbeatIntervalMs,
      logger: {
        debug: (m: string) => sdkLog.trace(m),
        info: (m: string) => sdkLog.debug(m),
        warn: (m: string, ...rest: unknown[]) => sdkLog.warn({ detail: rest.map(String) }, m),
        error: (m: string, ...rest: unknown[]) => sdkLog.error({ detail: rest.map(String) }, m),
      },
    });
    client = c;
    lastProblem = 'connecting';

    // At start-up the first refusal is the answer: a wrong id or secret will not get better by retrying, and
    // the SDK's own verdict (WSAuthFailureError) comes only after its retries, ~31 s at the default backoff.
    const ready = new Promise<void>((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        c.off('authenticated', onAuthenticated);
        c.off('error', onError);
      };
      const onAuthenticated = () => {
        settle();
        resolve();
      };
      const onError = (err: Error) => {
        if (!isAuthRefusal(err, sdk.WSAuthFailureError)) return;
        settle();
        clearInterval(watchdog);
        c.disconnect();
        client = undefined;
        lastProblem = `login refused: ${err.message}`;
        reject(
          new ChatSetupError(`WeCom refused WECOM_BOT_ID/WECOM_BOT_SECRET (${err.message}): check both in the 智能机器人 settings (API mode, long connection)`),
        );
      };
      const timer = setTimeout(() => {
        settle();
        log.warn({ afterMs: options.startTimeoutMs ?? 10_000 }, 'WeCom not connected yet; still trying in the background');
        resolve();
      }, options.startTimeoutMs ?? 10_000);
      c.on('authenticated', onAuthenticated);
      c.on('error', onError);
    });
    c.on('authenticated', () => {
      authenticated = true;
      log.info('WeCom long connection authenticated');
    });
    c.on('disconnected', (reason: string) => {
      const silent = (unansweredHeartbeats(c) ?? 0) >= 2;
      authenticated = false;
      lastProblem = silent ? `closed after heartbeats went unanswered: ${reason}` : `disconnected: ${reason}`;
      log.warn({ reason, ...(silent ? { why: 'no heartbeat reply for three heartbeat periods' } : {}) }, 'WeCom long connection closed');
    });
    c.on('reconnecting', (attempt: number) => log.warn({ attempt }, 'WeCom reconnecting'));
    c.on('error', (err: Error) => {
      lastProblem = `error: ${err.message}`;
      log.error({ err }, 'WeCom connection error');
    });
    c.on('event.disconnected_event', () => {
      authenticated = false;
      lastProblem = 'replaced by another connection with the same bot id';
      log.error('WeCom closed this connection because another one opened with the same bot id; only one planbot may run per bot');
    });
    c.on('event.template_card_event', (frame) => {
      onCardEvent(frame as unknown as WsFrame<WecomEventBody>).catch((err: unknown) => log.error({ err }, 'WeCom card button not handled'));
    });
    c.on('event.feedback_event', (frame) => {
      onFeedback(frame as unknown as WsFrame<WecomEventBody>).catch((err: unknown) => log.error({ err }, 'WeCom feedback not kept'));
    });
    c.on('message', (frame) => {
      onMessage(frame as WsFrame<WecomMessageBody>).catch((err: unknown) => log.error({ err }, 'WeCom message not handled'));
    });
    c.connect();
    clearInterval(watchdog);
    watchdog = setInterval(() => checkSilence(c), heartbeatMs);
    watchdog.unref();
    await ready;
  }

  return channel;
}
