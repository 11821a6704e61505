import type { ChatChannel } from '../chat/channel.js';

/** One health check's verdict, in words an operator reads in `curl /healthz`. */
export interface CheckResult {
  ok: boolean;
  detail: string;
}

export type HealthCheck = () => CheckResult | Promise<CheckResult>;

export interface HealthReport {
  ok: boolean;
  /** Names of the checks that failed (empty when ok). */
  failing: string[];
  checks: Record<string, CheckResult>;
}

/**
 * Runs every check at once, each bounded by `timeoutMs`: a store read that hangs must turn /healthz red,
 * not make the probe itself hang (Docker and Kubernetes would then see a timeout and say nothing about why).
 */
export async function runHealthChecks(checks: Record<string, HealthCheck>, timeoutMs = 3000): Promise<HealthReport> {
  const entries = await Promise.all(Object.entries(checks).map(async ([name, check]) => [name, await bounded(check, timeoutMs)] as const));
  const failing = entries.filter(([, r]) => !r.ok).map(([name]) => name);
  return { ok: failing.length === 0, failing, checks: Object.fromEntries(entries) };
}

async function bounded(check: HealthCheck, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(check), timeout]);
  } catch (err) {
    return { ok: false, detail: (err as Error)?.message ?? String(err) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The store answers a query: an item row is read from its data file (ItemStore.probe). A row count alone
 * comes from the table's version file and stayed "ok" when the data files were gone.
 */
export function storeCheck(store: { probe(): Promise<{ items: number }>; readonly uri: string }): HealthCheck {
  return async () => {
    const { items: n } = await store.probe();
    if (n === 0) return { ok: false, detail: `store at ${store.uri} is readable but holds no items: run planbot ingest` };
    return { ok: true, detail: `${n} items readable at ${store.uri}` };
  };
}

/** Every started channel is connected (logged in, authenticated). No channels yet: still starting. */
export function channelsCheck(channels: () => readonly Pick<ChatChannel, 'name' | 'status'>[]): HealthCheck {
  return () => {
    const list = channels();
    if (list.length === 0) return { ok: false, detail: 'no chat channel started yet' };
    const states = list.map((c) => ({ name: c.name, ...c.status() }));
    const down = states.filter((s) => !s.connected);
    return { ok: down.length === 0, detail: states.map((s) => `${s.name}: ${s.detail}`).join('; ') };
  };
}

/** What start.ts knows about the reminder scheduler: it cannot ask the scheduler itself (see OPERATIONS.md). */
export type SchedulerState = { state: 'running' } | { state: 'starting' } | { state: 'stopped' } | { state: 'unavailable'; reason: string };

export function schedulerCheck(state: () => SchedulerState): HealthCheck {
  return () => {
    const s = state();
    if (s.state === 'running') return { ok: true, detail: 'reminder scheduler running' };
    if (s.state === 'unavailable') return { ok: false, detail: `reminders unavailable: ${s.reason}` };
    return { ok: false, detail: `reminder scheduler ${s.state}` };
  };
}
