import type { Config } from '../config/index.js';
import type { Logger } from '../log/index.js';
import type { BotMetrics } from '../ports/metrics.js';
import { ChatSetupError, type ChatChannel } from './channel.js';
import { createConsoleRoom, type ConsoleRoomOptions } from './console/console-room.js';
import type { Assistant, ChatCommand, ConnectionLease, FeedbackSink, RoomMemory, RoomPoster } from './ports.js';
import { anyReaches } from './room-reach.js';
import { createRouter } from './router.js';
import { createWechatyAdapter } from './wechaty/adapter.js';
import { createWecomAdapter } from './wecom/adapter.js';

export type ChannelName = ChatChannel['name'];

/**
 * Which channels the configuration asks for: WeCom when its bot id and secret are set, Wechaty when a puppet
 * is named, and the console room when neither is. Half a configuration is an error that names the missing
 * setting, not a silent fallback to the console.
 */
export function plannedChannels(config: Config): ChannelName[] {
  const planned: ChannelName[] = [];
  if (Boolean(config.WECOM_BOT_ID) !== Boolean(config.WECOM_BOT_SECRET)) {
    throw new ChatSetupError(`WeCom needs both WECOM_BOT_ID and WECOM_BOT_SECRET; ${config.WECOM_BOT_ID ? 'WECOM_BOT_SECRET' : 'WECOM_BOT_ID'} is empty`);
  }
  if (config.WECOM_BOT_ID) planned.push('wecom');
  const puppet = config.WECHATY_PUPPET;
  if (puppet === 'wechaty-puppet-service' && !config.WECHATY_PUPPET_SERVICE_TOKEN) {
    throw new ChatSetupError('WECHATY_PUPPET=wechaty-puppet-service needs WECHATY_PUPPET_SERVICE_TOKEN (the token your puppet service issued)');
  }
  if (puppet && puppet !== 'wechaty-puppet-mock') planned.push('wechaty');
  return planned.length > 0 ? planned : ['console'];
}

export interface StartChannelsOptions {
  config: Config;
  log: Logger;
  assistant: Assistant;
  /** Commands other modules contribute (reminders: /remind, /target). */
  commands?: ChatCommand[];
  /** Called once the channels are up, with a poster that reaches their rooms (reminder digests). */
  onPosterReady?: (poster: RoomPoster) => void;
  /** The terminal the console room reads and prints to, when it is the channel that runs. */
  terminal?: Pick<ConsoleRoomOptions, 'input' | 'output' | 'prompt' | 'separator' | 'onBotMessage' | 'onUserMessage'>;
  /** Only these channels (`planbot chat` asks for the console room whatever is configured). */
  only?: ChannelName[];
  /** Message counts and answer latency for /metrics. */
  metrics?: BotMetrics;
  /** Where `/错了` and platform ratings of answers are kept. */
  feedback?: FeedbackSink;
  /** One WeCom connection per bot id across processes; without it every process connects. */
  wecomLease?: ConnectionLease;
  /** WeCom chat ids seen before (WeCom cannot list a bot's groups). */
  wecomRooms?: RoomMemory;
}

export interface RunningChannels {
  channels: ChatChannel[];
  poster: RoomPoster;
  /** Resolves when the console room's input ends; platform channels run until `stop`. */
  finished: Promise<void>;
  stop(): Promise<void>;
}

export async function startChannels(options: StartChannelsOptions): Promise<RunningChannels> {
  const { config, log, assistant } = options;
  const names = options.only ?? plannedChannels(config);
  const routerFor = (overrides: { sendIntervalMs?: number } = {}) =>
    createRouter({ config, log, assistant, commands: options.commands, metrics: options.metrics, feedback: options.feedback, ...overrides });

  const channels: ChatChannel[] = [];
  let finished: Promise<void> = new Promise<void>(() => undefined);
  for (const name of names) {
    if (name === 'wecom') channels.push(createWecomAdapter({ config, log, router: routerFor(), lease: options.wecomLease, rooms: options.wecomRooms }));
    if (name === 'wechaty') channels.push(createWechatyAdapter({ config, log, router: routerFor(), memoryName: 'planbot' }));
    if (name === 'console') {
      const terminal = options.terminal ?? { input: process.stdin, output: process.stdout, prompt: Boolean(process.stdin.isTTY) };
      // Nobody penalises a terminal for bursts: the console room does not pace.
      const room = createConsoleRoom({ botName: config.BOT_NAME, log, router: routerFor({ sendIntervalMs: 0 }), ...terminal });
      finished = room.finished;
      channels.push(room);
    }
  }

  const started: ChatChannel[] = [];
  const stopAll = async () => {
    await Promise.allSettled(started.map((c) => c.stop()));
  };
  try {
    for (const channel of channels) {
      await channel.start();
      started.push(channel);
    }
  } catch (err) {
    await stopAll();
    throw err;
  }
  log.info({ channels: channels.map((c) => c.name) }, 'chat channels started');

  const poster: RoomPoster = {
    owns: (roomId) => channels.some((c) => c.poster.owns(roomId)),
    standingBy: () => channels.every((c) => c.poster.standingBy?.() === true),
    reaches: (roomId) =>
      anyReaches(
        channels.map((c) => c.poster),
        roomId,
      ),
    async post(roomId, text, postOptions) {
      // With one channel there is nobody else to ask; with several, the one that has seen the room.
      const channel = channels.find((c) => c.poster.owns(roomId)) ?? (channels.length === 1 ? channels[0] : undefined);
      if (!channel) throw new Error(`no chat channel reaches room ${roomId} (channels: ${channels.map((c) => c.name).join(', ')})`);
      await channel.poster.post(roomId, text, postOptions);
    },
  };
  options.onPosterReady?.(poster);

  let stopping: Promise<void> | undefined;
  return {
    channels,
    poster,
    finished,
    stop: () => (stopping ??= stopAll().then(() => log.info('chat channels stopped'))),
  };
}
