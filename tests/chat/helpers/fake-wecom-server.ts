import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A stand-in for WeCom's 智能机器人 long-connection server on 127.0.0.1, speaking the frames the SDK
 * documents: `aibot_subscribe` (answered errcode 0, or 40001 for a wrong secret), `ping`, replies
 * (`aibot_respond_msg`) and pushes (`aibot_send_msg`), each acknowledged; it pushes `aibot_msg_callback`.
 */

export interface ReceivedFrame {
  cmd: string;
  reqId: string;
  body: Record<string, unknown> | undefined;
  at: number;
}

export interface FakeWecomServer {
  url: string;
  frames: ReceivedFrame[];
  /** Frames that carry something the bot said, with the text it said. */
  said(): Array<{ cmd: string; text: string; chatid?: string; reqId: string; at: number }>;
  authenticated(): boolean;
  /** From now on accept this secret instead (a secret rotated in the admin console). */
  setSecret(secret: string): void;
  /** The open connections stay up but get no answer to anything any more (a half-alive link); new ones are answered. */
  silence(): void;
  /** How many logins were answered so far. */
  logins(): number;
  /** Cut every open connection, as a network drop would. */
  dropConnections(): void;
  /** Deliver a message callback; returns its req_id. Resolves once the client has it on the wire. */
  push(body: Record<string, unknown>, reqId?: string): string;
  /** Deliver an event callback (feedback, card button); returns its req_id. */
  pushEvent(body: Record<string, unknown>, reqId?: string): string;
  close(): Promise<void>;
}

export async function startFakeWecomServer(initial: { botId: string; secret: string }): Promise<FakeWecomServer> {
  const credentials = { ...initial };
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const frames: ReceivedFrame[] = [];
  let socket: WebSocket | undefined;
  let authed = false;
  let seq = 0;
  let logins = 0;
  const silenced = new WeakSet<WebSocket>();

  wss.on('connection', (ws) => {
    socket = ws;
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { cmd: string; headers: { req_id: string }; body?: Record<string, unknown> };
      frames.push({ cmd: frame.cmd, reqId: frame.headers.req_id, body: frame.body, at: performance.now() });
      if (silenced.has(ws)) return;
      const ack = (errcode: number, errmsg: string) => ws.send(JSON.stringify({ headers: { req_id: frame.headers.req_id }, errcode, errmsg }));
      if (frame.cmd === 'aibot_subscribe') {
        const ok = frame.body?.bot_id === credentials.botId && frame.body?.secret === credentials.secret;
        authed = ok;
        if (ok) logins += 1;
        return ack(ok ? 0 : 40001, ok ? 'ok' : 'invalid secret');
      }
      ack(0, 'ok');
    });
  });

  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  return {
    url,
    frames,
    authenticated: () => authed,
    said() {
      return frames.flatMap((f) => {
        if (f.cmd === 'aibot_respond_msg') {
          const stream = f.body?.stream as { content?: string } | undefined;
          return [{ cmd: f.cmd, text: stream?.content ?? '', reqId: f.reqId, at: f.at }];
        }
        if (f.cmd === 'aibot_send_msg') {
          const markdown = f.body?.markdown as { content?: string } | undefined;
          return [{ cmd: f.cmd, text: markdown?.content ?? '', chatid: f.body?.chatid as string, reqId: f.reqId, at: f.at }];
        }
        return [];
      });
    },
    silence() {
      for (const client of wss.clients) silenced.add(client);
    },
    logins: () => logins,
    setSecret(secret) {
      credentials.secret = secret;
    },
    dropConnections() {
      authed = false;
      for (const client of wss.clients) client.terminate();
    },
    push(body, reqId) {
      if (!socket) throw new Error('fake WeCom server: no client connected');
      seq += 1;
      const id = reqId ?? `callback-${seq}`;
      socket.send(JSON.stringify({ cmd: 'aibot_msg_callback', headers: { req_id: id }, body }));
      return id;
    },
    pushEvent(body, reqId) {
      if (!socket) throw new Error('fake WeCom server: no client connected');
      seq += 1;
      const id = reqId ?? `event-${seq}`;
      socket.send(JSON.stringify({ cmd: 'aibot_event_callback', headers: { req_id: id }, body }));
      return id;
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** The adapter settings that point a WeCom adapter at the fake server with the given credentials. */
export function wecomTestConfig(server: Pick<FakeWecomServer, 'url'>, credentials: { botId: string; secret: string }) {
  return { BOT_NAME: '小助手', WECOM_BOT_ID: credentials.botId, WECOM_BOT_SECRET: credentials.secret, WECOM_WS_URL: server.url };
}

let messageSeq = 0;

/**
 * A message frame as WeCom delivers it to the bot: a group message when `chatid` is given, else a direct one;
 * a text message unless another `msgtype` is named.
 */
export function wecomMessage(
  botId: string,
  over: { text?: string; chatid?: string; userid?: string; msgtype?: string; msgid?: string; extra?: Record<string, unknown> },
) {
  messageSeq += 1;
  const group = over.chatid !== undefined;
  return {
    msgid: over.msgid ?? `wecom-msg-${messageSeq}`,
    aibotid: botId,
    chattype: group ? 'group' : 'single',
    ...(group ? { chatid: over.chatid } : {}),
    from: { userid: over.userid ?? 'zhangsan' },
    create_time: Math.floor(Date.now() / 1000),
    msgtype: over.msgtype ?? 'text',
    ...(over.msgtype && over.msgtype !== 'text' ? {} : { text: { content: over.text ?? '' } }),
    ...over.extra,
  };
}
