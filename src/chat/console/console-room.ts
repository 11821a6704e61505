import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Logger } from '../../log/index.js';
import type { ChatChannel } from '../channel.js';
import type { Router } from '../router.js';
import { createWechatyAdapter } from '../wechaty/adapter.js';

/**
 * A group room in the terminal, on the same Wechaty code path as real WeChat: wechaty-puppet-mock plays the
 * platform. Each input line is a group message from one local user in one local room; "@" + BOT_NAME in
 * the line is a real mention (the mock marks the bot in the message's mention list, as WeChat does). What
 * the bot sends is printed as it reaches the puppet, that is, exactly what WeChat would receive.
 */

/**
 * The console room's identity, the same in every process (see docs/REMINDERS.md). The mock puppet tells rooms
 * from contacts by an `@` in the id (as WeChat's `…@chatroom`): without one, a reply to the room is sent to a
 * contact that does not exist and fails after it was printed.
 */
export const CONSOLE_ROOM_ID = 'console@chatroom';
export const CONSOLE_USER_ID = 'console-user';
const CONSOLE_BOT_ID = 'console-bot';

export interface ConsoleRoomOptions {
  botName: string;
  log: Logger;
  router: Router;
  input: Readable;
  output: Writable;
  /** Print a line `---` after every message the bot sends (the `planbot chat` contract). */
  separator?: boolean;
  /** Instead of printing: receive each message the bot sends (`planbot chat --json` collects them). */
  onBotMessage?: (text: string) => void;
  /** Each input line as it goes into the room. */
  onUserMessage?: (line: string) => void;
  /** Show a prompt: someone is typing at a terminal. */
  prompt?: boolean;
  userName?: string;
  roomTopic?: string;
}

export interface ConsoleRoom extends ChatChannel {
  /** Resolves when the input has ended and every reply has been printed. */
  readonly finished: Promise<void>;
}

export function createConsoleRoom(options: ConsoleRoomOptions): ConsoleRoom {
  const { router, output } = options;
  const log = options.log.child({ channel: 'console' });
  const waiting = new Map<string, () => void>();
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  let adapter: ReturnType<typeof createWechatyAdapter> | undefined;
  let closeInput: () => void = () => undefined;
  let stopped = false;

  async function feed(say: (line: string) => string | undefined): Promise<void> {
    const lines = createInterface({ input: options.input, terminal: false, crlfDelay: Infinity });
    closeInput = () => lines.close();
    const showPrompt = () => options.prompt && output.write('> ');
    showPrompt();
    for await (const line of lines) {
      if (stopped) break;
      if (line.trim() === '') {
        showPrompt();
        continue;
      }
      options.onUserMessage?.(line);
      const messageId = say(line);
      // One line at a time: the next message goes in only after this one is answered, so that replies
      // print in the order of the questions and a script reading the output can pair them.
      if (messageId) await new Promise<void>((resolve) => waiting.set(messageId, resolve));
      await router.idle();
      showPrompt();
    }
  }

  return {
    name: 'console',
    finished,
    get poster() {
      if (!adapter) throw new Error('console room: not started');
      return adapter.poster;
    },
    async start() {
      const { PuppetMock, mock } = await import('wechaty-puppet-mock');
      const separator = options.separator === true;
      class ConsolePuppet extends PuppetMock {
        override async messageSendText(conversationId: string, text: string): Promise<void> {
          if (options.onBotMessage) options.onBotMessage(text);
          else output.write(`${text}\n${separator ? '---\n' : ''}`);
          return super.messageSendText(conversationId, text);
        }
      }
      const mocker = new mock.Mocker();
      const puppet = new ConsolePuppet({ mocker });
      // Fixed ids: a digest subscribed in the console room, a coordinator entry or a done mark must find the
      // same room and user after a restart (the mock would otherwise make up new ids in every process).
      const bot = mocker.createContact({ id: CONSOLE_BOT_ID, name: options.botName });
      const user = mocker.createContact({ id: CONSOLE_USER_ID, name: options.userName ?? '本地用户' });
      const room = mocker.createRoom({ id: CONSOLE_ROOM_ID, topic: options.roomTopic ?? '控制台群', memberIdList: [bot.id, user.id] });

      adapter = createWechatyAdapter({
        config: { BOT_NAME: options.botName, WECHATY_PUPPET: undefined, WECHATY_PUPPET_SERVICE_TOKEN: undefined },
        log: options.log,
        router,
        puppet,
        channel: 'console',
        onSettled: (id) => {
          waiting.get(id)?.();
          waiting.delete(id);
        },
      });
      await adapter.start();
      const loggedIn = adapter.loggedIn();
      mocker.login(bot);
      await loggedIn;

      const say = (line: string): string | undefined => {
        let messageId: string | undefined;
        // The mock announces a new message synchronously; catching the id lets us wait for its answer.
        const capture = ({ messageId: id }: { messageId: string }): void => {
          messageId = id;
        };
        puppet.once('message', capture);
        user.say(line, line.includes(`@${options.botName}`) ? [bot] : []).to(room);
        puppet.off('message', capture);
        return messageId;
      };
      feed(say)
        .catch((err: unknown) => log.error({ err }, 'console input failed'))
        .finally(finish);
    },
    status() {
      return adapter ? adapter.status() : { connected: false, detail: 'not started' };
    },
    async stop() {
      stopped = true;
      closeInput();
      for (const resolve of waiting.values()) resolve();
      waiting.clear();
      await adapter?.stop();
    },
  };
}
