import type { AnswerResult } from '../answer/types.js';
import type { Config } from '../config/index.js';
import type { PlanDocument, PlanItem } from '../items/index.js';
import type { Logger } from '../log/index.js';
import type { Reminders } from '../remind/index.js';
import type { UnitResult } from '../retrieve/retriever.js';

/** What the web view reads and changes: the same core the chat uses, passed in so that tests can build it small. */
export interface WebDeps {
  config: Pick<Config, 'HTTP_HOST' | 'WEB_TOKEN' | 'COORDINATOR_TOKENS' | 'TZ' | 'BOT_NAME'>;
  store: { documents(): Promise<PlanDocument[]>; items(): Promise<PlanItem[]>; item(id: string): Promise<PlanItem | null> };
  /** Retriever.unit: 医政 → 医政科, with suggestions. */
  unit(name: string): Promise<UnitResult>;
  /** Absent when the reminders' tables could not open: 到期 and 目标 say so. */
  reminders?: Pick<Reminders, 'book' | 'tables' | 'actions'>;
  /** The same Answerer the chat asks. */
  ask(question: string): Promise<AnswerResult>;
  log: Logger;
  now(): number;
  /** Values never to appear in a page (keys, tokens). */
  secrets?: Array<string | undefined>;
}
