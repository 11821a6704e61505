import type { Contact, Message, PuppetModuleName, Room, Wechaty } from 'wechaty';
import type * as PUPPET from 'wechaty-puppet';
import type { Config } from '../../config/index.js';
import type { Logger } from '../../log/index.js';
import { Backoff } from '../backoff.js';
import { ChatSetupError, type ChatChannel } from '../channel.js';
import { conversationKey } from '../matchers.js';
import type { InboundMessage, ReplyTarget, RoomPoster } from '../ports.js';
import type { Router } from '../router.js';
import { stripMention, utf8Bytes } from '../text.js';
import { routeLibraryLog } from './library-log.js';
import { printQrCode } from './qr.js';

/**
 * WeChat through Wechaty. The puppet (the protocol) comes from WECHATY_PUPPET, or is handed in ready-made
 * (the console room and the tests use wechaty-puppet-mock). Wechaty is imported only when the channel starts:
 * loading it costs about two seconds, which no other command should pay.
 */

export interface WechatyAdapterOptions {
  config: Pick<Config, 'BOT_NAME' | 'WECHATY_PUPPET' | 'WECHATY_PUPPET_SERVICE_TOKEN'>;
  log: Logger;
  router: Router;
  /** A puppet instance to use instead of the one WECHATY_PUPPET names. */
  puppet?: PUPPET.impls.PuppetInterface;
  /** How the channel calls itself in messages and logs. */
  channel?: 'wechaty' | 'console';
  /** The most one message may carry, in UTF-8 bytes. WeChat allows more; 2000 keeps messages readable. */
  maxBytes?: number;
  /** Puppet restarts after a logout or a failure: first delay and cap. */
  restart?: { initialMs: number; maxMs: number };
  /** Wechaty keeps the login session in `NAME.memory-card.json`, so a restart need not scan again. */
  memoryName?: string;
  /** Called once a message has been handled completely: ignored, or answered and the answer sent. */
  onSettled?: (messageId: string) => void;
}

export interface WechatyChannel extends ChatChannel {
  /** Resolves at the next login (immediately when logged in). */
  loggedIn(): Promise<void>;
}

export const WECHATY_DEFAULT_MAX_BYTES = 2000;

export function createWechatyAdapter(options: WechatyAdapterOptions): WechatyChannel {
  const { config, router } = options;
  const channel = options.channel ?? 'wechaty';
  const log = options.log.child({ channel });
  const maxBytes = options.maxBytes ?? WECHATY_DEFAULT_MAX_BYTES;
  const backoff = new Backoff(options.restart?.initialMs ?? 2000, options.restart?.maxMs ?? 5 * 60_000);
  const knownRooms = new Set<string>();
  const loginWaiters: Array<() => void> = [];
  let bot: Wechaty | undefined;
  let restartTimer: NodeJS.Timeout | undefined;
  let stopping = false;
  let messageType: { Text: number } | undefined;

  function replyTarget(room: Room | undefined, talker: Contact, userName: string): ReplyTarget {
    return {
      maxBytes,
      // Wechaty writes "@name" + U+2005 + " " in front of a mention; a little spare for an alias it prefers.
      mentionBytes: utf8Bytes(`@${userName}\u2005 `) + 16,
      async send(text, { mention }) {
        if (!room) return void (await talker.say(text));
        if (mention) await room.say(text, talker);
        else await room.say(text);
      },
    };
  }

  async function toInbound(msg: Message): Promise<InboundMessage> {
    const room = msg.room();
    const talker = msg.talker();
    const fromSelf = msg.self();
    const isText = msg.type() === messageType?.Text;
    const base = {
      channel,
      messageId: msg.id,
      roomId: room?.id,
      userId: talker.id,
      userName: talker.name(),
      sentAt: msg.date().getTime(),
      fromSelf,
      kind: isText ? ('text' as const) : ('other' as const),
    };
    if (fromSelf || !isText) return { ...base, text: '', mentioned: false };
    if (!room) return { ...base, text: msg.text(), mentioned: true };

    const mentionedSelf = await msg.mentionSelf();
    // Puppets without a mention list (the web protocol) leave "@小助手" in the text: strip the account's own
    // name too, in case it differs from BOT_NAME.
    const own = stripMention(mentionedSelf ? await msg.mentionText() : msg.text(), [bot?.currentUser.name() ?? '']);
    return {
      ...base,
      roomTopic: await room.topic(),
      userName: (await room.alias(talker)) || talker.name(),
      text: own.text,
      mentioned: mentionedSelf || own.found,
    };
  }

  async function onMessage(msg: Message): Promise<void> {
    try {
      const inbound = await toInbound(msg);
      if (inbound.roomId) knownRooms.add(inbound.roomId);
      await router.receive(inbound, replyTarget(msg.room(), msg.talker(), inbound.userName));
    } catch (err) {
      log.error({ err, messageId: msg.id }, 'could not read an incoming message');
    } finally {
      options.onSettled?.(msg.id);
    }
  }

  async function learnRooms(): Promise<void> {
    if (!bot) return;
    const rooms = await bot.Room.findAll();
    const list = await Promise.all(rooms.map(async (r) => ({ id: r.id, topic: await r.topic() })));
    for (const r of list) knownRooms.add(r.id);
    if (router.allowlist.isOpen) return;
    const { matched, unmatched } = router.allowlist.resolve(list);
    log.info({ matched }, 'ROOM_ALLOWLIST resolved to room ids');
    if (unmatched.length > 0) log.warn({ unmatched }, 'ROOM_ALLOWLIST entries match no room id or topic of this account');
  }

  function scheduleRestart(reason: string): void {
    if (stopping || restartTimer) return;
    const delayMs = backoff.next();
    log.warn({ reason, delayMs, attempt: backoff.attempts }, 'restarting the Wechaty puppet');
    restartTimer = setTimeout(() => {
      restartTimer = undefined;
      void restart();
    }, delayMs);
  }

  async function restart(): Promise<void> {
    if (stopping || !bot) return;
    try {
      await bot.stop();
      if (stopping) return;
      await bot.start();
      log.info('Wechaty puppet restarted');
    } catch (err) {
      log.error({ err }, 'the Wechaty puppet did not restart');
      scheduleRestart('restart failed');
    }
  }

  function wire(b: Wechaty): void {
    b.on('scan', (qrcode: string, status: number) => printQrCode(qrcode, status, log));
    b.on('login', (user: Contact) => {
      backoff.reset();
      log.info({ user: user.name() }, 'logged in');
      for (const resolve of loginWaiters.splice(0)) resolve();
      learnRooms().catch((err: unknown) => log.warn({ err }, 'could not list rooms after login'));
    });
    b.on('ready', () => {
      learnRooms().catch((err: unknown) => log.warn({ err }, 'could not list rooms'));
    });
    b.on('logout', (user: Contact, reason?: string) => {
      if (stopping) return log.info({ user: user.name() }, 'logged out');
      log.warn({ user: user.name(), reason }, 'logged out');
      scheduleRestart('logout');
    });
    b.on('error', (err: Error) => {
      log.error({ err }, 'Wechaty error');
      // Many Wechaty errors are about one payload and harmless; a puppet that is no longer logged in is not.
      if (!b.isLoggedIn) scheduleRestart('error while logged out');
    });
    b.on('message', (msg: Message) => void onMessage(msg));
  }

  const poster: RoomPoster = {
    owns: (roomId) => knownRooms.has(roomId),
    async reaches(roomId) {
      if (knownRooms.has(roomId)) return true;
      try {
        return Boolean(await bot?.Room.find({ id: roomId }));
      } catch {
        return false;
      }
    },
    async post(roomId, text) {
      const room = await bot?.Room.find({ id: roomId });
      if (!room) throw new Error(`${channel}: room ${roomId} is not among this account's rooms`);
      const target: ReplyTarget = { maxBytes, mentionBytes: 0, send: async (part) => void (await room.say(part)) };
      await router.deliver(conversationKey(channel, roomId, ''), text, target);
    },
  };

  return {
    name: channel,
    poster,
    loggedIn: () => (bot?.isLoggedIn ? Promise.resolve() : new Promise<void>((resolve) => loginWaiters.push(resolve))),
    status() {
      if (!bot) return { connected: false, detail: 'not started' };
      if (bot.isLoggedIn) return { connected: true, detail: `logged in as ${bot.currentUser.name()}` };
      if (restartTimer) return { connected: false, detail: `not logged in; puppet restart ${backoff.attempts} pending` };
      return { connected: false, detail: 'not logged in (waiting for the login: scan the QR code in the log, or check the puppet token)' };
    },
    async start() {
      const { WechatyBuilder, types, log: libraryLog } = await import('wechaty');
      routeLibraryLog(libraryLog, options.log);
      messageType = types.Message;
      const puppetName = config.WECHATY_PUPPET;
      if (!options.puppet && !puppetName) throw new ChatSetupError('WECHATY_PUPPET is not set: name a puppet such as wechaty-puppet-wechat4u');
      bot = options.puppet
        ? WechatyBuilder.build({ name: options.memoryName, puppet: options.puppet })
        : WechatyBuilder.build({
            name: options.memoryName,
            // Wechaty's type lists only its official puppets; any installed puppet package works at run time.
            puppet: puppetName as PuppetModuleName,
            puppetOptions: config.WECHATY_PUPPET_SERVICE_TOKEN ? { token: config.WECHATY_PUPPET_SERVICE_TOKEN } : undefined,
          });
      wire(bot);
      try {
        await bot.start();
      } catch (err) {
        if (/Cannot find (module|package)|ERR_MODULE_NOT_FOUND/.test(String((err as Error)?.message ?? err))) {
          throw new ChatSetupError(`WECHATY_PUPPET=${puppetName}: the package is not installed (npm install ${puppetName})`);
        }
        throw err;
      }
      log.info({ puppet: options.puppet ? options.puppet.name() : puppetName }, 'Wechaty started');
    },
    async stop() {
      stopping = true;
      if (restartTimer) clearTimeout(restartTimer);
      restartTimer = undefined;
      router.stop();
      await bot?.stop();
      log.info('Wechaty stopped');
    },
  };
}
