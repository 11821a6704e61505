import { maskSecrets, type Logger } from '../log/index.js';
import { sleep, type Clock } from './clock.js';
import { maskWebhook } from './subscription.js';

/**
 * Posting to a WeCom group robot (群机器人 webhook): markdown messages of at most 4096 bytes (UTF-8), at most
 * 20 messages a minute per robot. Long digests are split at line ends and numbered; a burst waits for the
 * minute window instead of being refused.
 */

export const WECOM_MAX_BYTES = 4096;
export const WECOM_PER_MINUTE = 20;
/** WeCom's minute, plus a second for the clocks (ours and WeCom's) not agreeing on when it started. */
const WINDOW_MS = 61_000;
/** How long to back off when WeCom refuses for rate (someone else posts through the same robot). */
const RATE_LIMITED_WAIT_MS = 60_000;
/** WeCom's "api freq out of limit". */
const ERR_RATE_LIMITED = 45009;
/** Room for the "(2/3)" line added to split parts. */
const PART_MARK_BYTES = 24;

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** Cuts one over-long line into pieces of at most `max` bytes, never inside a character. */
function cutLine(line: string, max: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const ch of line) {
    if (bytes(piece) + bytes(ch) > max) {
      pieces.push(piece);
      piece = '';
    }
    piece += ch;
  }
  if (piece) pieces.push(piece);
  return pieces;
}

/** Splits text into messages of at most `maxBytes` bytes each, at line ends where possible, numbering the parts. */
export function splitMessage(text: string, maxBytes = WECOM_MAX_BYTES): string[] {
  if (bytes(text) <= maxBytes) return [text];
  const budget = maxBytes - PART_MARK_BYTES;
  const parts: string[] = [];
  let current = '';
  for (const line of text.split('\n').flatMap((l) => (bytes(l) > budget ? cutLine(l, budget) : [l]))) {
    const next = current ? `${current}\n${line}` : line;
    if (bytes(next) <= budget) {
      current = next;
      continue;
    }
    parts.push(current);
    current = line;
  }
  if (current) parts.push(current);
  return parts.map((p, i) => `${p}\n(${i + 1}/${parts.length})`);
}

export class WebhookError extends Error {
  override name = 'WebhookError';
  constructor(
    message: string,
    /** Messages that did reach the group before the failure: a retry would repeat them. */
    readonly delivered: number,
  ) {
    super(message);
  }
}

export interface WebhookOptions {
  clock: Clock;
  log: Logger;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Masked in every message, as in the logs (the chat router does the same for chat messages). */
  secrets?: ReadonlyArray<string | undefined>;
}

/** One sender for the whole process: the minute window is per robot, whichever subscription posts to it. */
export class WecomWebhook {
  private readonly sent = new Map<string, number[]>();
  private readonly lanes = new Map<string, Promise<unknown>>();

  constructor(private readonly o: WebhookOptions) {}

  /** Sends the markdown text, split and paced. Resolves with the number of messages sent. */
  post(url: string, markdown: string): Promise<number> {
    // One robot's messages go out in order, one at a time: two digests must not interleave their parts.
    const key = robotKey(url);
    const text = maskSecrets(markdown, this.o.secrets ?? []);
    const run = (this.lanes.get(key) ?? Promise.resolve()).then(() => this.sendAll(url, key, splitMessage(text)));
    this.lanes.set(
      key,
      run.catch(() => undefined),
    );
    return run;
  }

  private async sendAll(url: string, key: string, parts: string[]): Promise<number> {
    let delivered = 0;
    for (const part of parts) {
      try {
        await this.sendOne(url, key, part);
      } catch (e) {
        throw new WebhookError(`${maskWebhook(url)}: message ${delivered + 1} of ${parts.length}: ${(e as Error).message}`, delivered);
      }
      delivered++;
    }
    return delivered;
  }

  private async waitForWindow(key: string): Promise<void> {
    const times = (this.sent.get(key) ?? []).filter((t) => t > this.o.clock.now() - WINDOW_MS);
    this.sent.set(key, times);
    if (times.length < WECOM_PER_MINUTE) return;
    const wait = times[times.length - WECOM_PER_MINUTE]! + WINDOW_MS - this.o.clock.now();
    this.o.log.debug({ module: 'remind', wait }, 'webhook: pacing to 20 messages a minute');
    await sleep(this.o.clock, wait);
  }

  private async sendOne(url: string, key: string, content: string, retried = false): Promise<void> {
    await this.waitForWindow(key);
    this.sent.get(key)!.push(this.o.clock.now());
    const doFetch = this.o.fetch ?? fetch;
    const res = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ msgtype: 'markdown', markdown: { content } }),
      signal: AbortSignal.timeout(this.o.timeoutMs ?? 10_000),
    });
    const body = await res.text();
    if (!res.ok) throw new Error(`HTTP ${res.status} ${body.slice(0, 200)}`);
    let reply: { errcode?: unknown; errmsg?: unknown };
    try {
      reply = JSON.parse(body) as typeof reply;
    } catch {
      throw new Error(`not a WeCom reply: ${body.slice(0, 200)}`);
    }
    if (reply.errcode === 0) return;
    if (reply.errcode === ERR_RATE_LIMITED && !retried) {
      // Another sender shares the robot: wait out a whole window once, then try again.
      this.o.log.warn({ module: 'remind', webhook: maskWebhook(url) }, 'webhook: WeCom rate limit hit, waiting a minute');
      await sleep(this.o.clock, RATE_LIMITED_WAIT_MS);
      return this.sendOne(url, key, content, true);
    }
    throw new Error(`WeCom error ${String(reply.errcode)}: ${String(reply.errmsg ?? '')}`);
  }
}

function robotKey(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}?${u.searchParams.get('key') ?? ''}`;
  } catch {
    return url;
  }
}

/**
 * Accepted webhook addresses: https anywhere (WeCom's is https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…),
 * plain http only on this machine (a local relay or a test server).
 */
export function checkWebhookUrl(raw: string): { ok: true; url: string } | { ok: false; error: string } {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { ok: false, error: `“${raw.slice(0, 60)}”不是网址` };
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback)) {
    return { ok: false, error: 'webhook 地址须以 https:// 开头' };
  }
  if (u.hostname === 'qyapi.weixin.qq.com' && (!u.pathname.startsWith('/cgi-bin/webhook/send') || !u.searchParams.get('key'))) {
    return { ok: false, error: '企业微信群机器人地址应形如 https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…' };
  }
  return { ok: true, url: u.toString() };
}
