/** A room's (or a webhook's) standing order for a digest of what falls due. */
export interface Subscription {
  id: string;
  /** The room the digest goes to, or `private:<userId>` for a webhook-only subscription made in a private chat. */
  roomId: string;
  roomTopic: string | null;
  channel: string;
  /** As the subscriber should read it: 每周一 09:00, or cron 0 9 * * 1. */
  label: string;
  cron: string;
  withinDays: number;
  /** Only this unit's targets (as typed; matched at send time, so new plans are covered). */
  unit: string | null;
  /** A WeCom group-robot webhook: post there instead of through the chat adapter. Secret (its key). */
  webhook: string | null;
  /** Say nothing when nothing is due. */
  quiet: boolean;
  createdBy: string;
  createdByName: string;
  /** ms since epoch; slots before it never count as missed. */
  createdAt: number;
  /** The last slot claimed (ms since epoch): never sent again. */
  lastSlot: number | null;
}

/** A webhook URL as it may appear in a reply or a log line: its key, the secret part, is cut to 4 characters. */
export function maskWebhook(url: string): string {
  try {
    const u = new URL(url);
    const key = u.searchParams.get('key');
    const shownKey = key ? `?key=…${key.slice(-4)}` : '';
    return `${u.protocol}//${u.host}${u.pathname}${shownKey}`;
  } catch {
    return '(invalid url)';
  }
}
