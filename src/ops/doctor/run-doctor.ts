import type { Config } from '../../config/index.js';
import type { Logger } from '../../log/index.js';
import { channelsCheck } from './channels-check.js';
import { configCheck } from './config-check.js';
import { embeddingsCheck, llmCheck } from './llm-check.js';
import { seedsCheck } from './seeds-check.js';
import { storeCheck } from './store-check.js';
import type { DoctorCheck } from './types.js';

export interface DoctorReport {
  /** True when no check failed: `planbot doctor` exits 0. */
  ok: boolean;
  checks: DoctorCheck[];
}

/**
 * Everything `planbot doctor` looks at, in the order a person would fix it. The report is masked: a
 * server's error may quote the key it was sent, and the report goes to a terminal or a ticket.
 */
export async function runDoctor(config: Config, log: Logger, secrets: Array<string | undefined> = []): Promise<DoctorReport> {
  const store = await storeCheck(config, log);
  const checks = [
    configCheck(config),
    store.result,
    await seedsCheck(config, store.files),
    ...(await Promise.all([llmCheck(config), embeddingsCheck(config)])),
    await channelsCheck(config),
  ];
  const known = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4);
  const mask = (t: string) => known.reduce((out, s) => out.split(s).join('[redacted]'), t);
  const masked = checks.map((c) => ({ ...c, summary: mask(c.summary), details: c.details.map(mask) }));
  return { ok: masked.every((c) => c.status !== 'fail'), checks: masked };
}
