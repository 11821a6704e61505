import type { RemindTarget } from '../../src/remind/targets.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import type { PlanItem } from '../../src/items/index.js';
import { parseDocument } from '../../src/parse/index.js';
import type { CommandCaller } from '../../src/chat/ports.js';
import { parsedSeeds } from '../helpers/seeds.js';

/**
 * A small plan of 2022 with one item per deadline phrase kind, so that explicit deadlines earlier than
 * the end of the plan year exist (the five seeds only ever say 年底/年内/年末 or nothing).
 */
export const PHRASE_PLAN = [
  '某某县2022年卫生健康工作要点',
  '一、强化基层',
  '1.建设村卫生室。年底前建成20个标准化村卫生室。(责任单位:基层科、各乡镇卫生院)',
  '2.开展健康体检。6月底前完成老年人健康体检2万人。(责任单位:基层科)',
  '3.上报监测数据。9月30日前上报监测报告3份。(责任单位:疾控科)',
  '4.推进家庭医生签约。第三季度完成签约率达到40%。(责任单位:医政科)',
  '5.完成调研。上半年完成基层卫生调研2次。(责任单位:规划科)',
  '二、提升能力',
  '6.培训乡村医生。全年培训乡村医生不少于300人次。(责任单位:科教科)',
  '7.建成胸痛中心。到2023年底建成胸痛中心2家。(责任单位:医政科、县人民医院)',
].join('\n');

export function phrasePlanItems(): PlanItem[] {
  return parseDocument(Buffer.from(PHRASE_PLAN), 'mouxian-2022.txt').items;
}

export async function seedItems(): Promise<PlanItem[]> {
  return (await parsedSeeds()).documents.flatMap((d) => d.items);
}

export async function tempDb(): Promise<{ dir: string; db: lancedb.Connection; cleanup(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'planbot-remind-'));
  const db = await lancedb.connect(dir);
  return { dir, db, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const coordinator: CommandCaller = { channel: 'console', roomId: 'room-1', roomTopic: '卫健工作群', userId: 'wxid_lead', userName: '王协调' };
export const member: CommandCaller = { channel: 'console', roomId: 'room-1', roomTopic: '卫健工作群', userId: 'wxid_member', userName: '李科员' };

export const remindConfig = { COORDINATORS: ['wxid_lead', 'name:张主任'], TZ: 'Asia/Shanghai', DIGEST_GRACE_MINUTES: 120 };

/** Milliseconds for a wall-clock time in Shanghai (UTC+8, no daylight saving). */
export function shanghai(isoLocal: string): number {
  return Date.parse(`${isoLocal}+08:00`);
}

/** A plan target with everything a listing needs; tests override what they are about. */
export function remindTarget(over: Partial<RemindTarget> = {}): RemindTarget {
  return {
    id: 'p00000000',
    itemId: 'x#1',
    cite: '《某计划》第1条',
    text: '建成10个',
    deadline: '2026-12-31',
    deadlineText: null,
    deadlineSource: 'explicit',
    units: ['医政科'],
    leadUnits: [],
    source: 'plan',
    planYear: 2026,
    ...over,
  };
}
