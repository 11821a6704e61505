import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, planbot } from '../helpers/cli.js';
import { SEEDS_DIR, seedFile } from '../helpers/seeds.js';

const FIXTURES = join(ROOT, 'tests', 'fixtures', 'formats');

/** The CLI contract (../shared/cli-contract.md) as a script meets it: one JSON document on stdout, exit codes. */
describe('planbot commands', () => {
  let dir: string;
  let seeds: string;
  let db: string;
  const opts = () => ['--seeds', seeds, '--db', db];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'planbot-cli-'));
    seeds = join(dir, 'seeds');
    db = join(dir, 'db');
    mkdirSync(seeds);
    for (const prefix of ['longgang', 'shenzhen']) copyFileSync(join(SEEDS_DIR, seedFile(prefix)), join(seeds, seedFile(prefix)));
    const first = await planbot(['ingest', '--json', ...opts()]);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ documents: 2, items: 79, skipped: [] });
  });

  it('ingest is incremental: a second run embeds nothing', async () => {
    const r = await planbot(['ingest', '--json', ...opts()]);
    expect(JSON.parse(r.stdout)).toMatchObject({ documents: 2, updated: [], unchanged: expect.arrayContaining([seedFile('longgang')]) });
  });

  it('ingest FILE adds a Word document to the seeds folder and the store; a corrupt one is refused, named', async () => {
    const good = await planbot(['ingest', join(FIXTURES, 'longgang-numbered.docx'), join(FIXTURES, 'truncated.docx'), '--json', ...opts()]);
    expect(good.code, good.stderr).toBe(0);
    const out = JSON.parse(good.stdout);
    expect(out.added).toEqual(['longgang-numbered.docx']);
    expect(out.updated).toEqual(['longgang-numbered.docx']);
    expect(out.skipped).toEqual([expect.objectContaining({ file: 'truncated.docx', reason: expect.stringContaining('truncated.docx') })]);
    expect(existsSync(join(seeds, 'longgang-numbered.docx'))).toBe(true);
    expect(existsSync(join(seeds, 'truncated.docx'))).toBe(false);
    const bad = await planbot(['ingest', join(FIXTURES, 'scanned.pdf'), '--json', ...opts()]);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).skipped[0].reason).toMatch(/scanned\.pdf: no text layer/);
  });

  it('items --json follows the contract', async () => {
    const r = await planbot(['items', '--doc', 'longgang-2022', '--kind', 'plan', '--json', ...opts()]);
    const items = JSON.parse(r.stdout);
    expect(items).toHaveLength(40);
    expect(items[8]).toMatchObject({
      id: 'longgang-2022#9',
      doc: 'longgang-2022',
      docTitle: '龙岗区2022年度卫生健康工作要点',
      region: '龙岗区',
      year: 2022,
      kind: 'plan',
      label: '9',
      cite: '《龙岗区2022年度卫生健康工作要点》第9条',
      title: '持续推进医用耗材精细化管理',
      units: ['医管科', '区属各医院'],
      section: null,
    });
  });

  it('ask --json answers with citations best first; ask - answers one JSON line per question', async () => {
    const one = await planbot(['ask', '医用耗材今年怎么管?', '--json', ...opts()]);
    const r = JSON.parse(one.stdout);
    expect(r.answered).toBe(true);
    expect(r.citations[0]).toMatchObject({ id: 'longgang-2022#9', cite: '《龙岗区2022年度卫生健康工作要点》第9条', units: ['医管科', '区属各医院'] });
    expect(r.answer).toContain('责任单位:医管科、区属各医院');
    const many = await planbot(['ask', '-', '--json', ...opts()], {}, '深圳的三甲医院年内新增几家?\n\n东莞2018年给新生儿家庭发奶粉补贴吗?\n');
    const lines = many.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0].answer).toContain('年内新增三甲医院3家以上');
    expect(lines[1].answered).toBe(false);
    expect(lines[1].confidence).not.toBe('confident');
    expect(r.confidence).toBe('confident');
  });

  it('unit lists every item of a unit, normalising the name', async () => {
    const r = JSON.parse((await planbot(['unit', '医管', '--json', ...opts()])).stdout);
    expect(r.matched).toEqual(['医管科']);
    // (The Word copy of the same plan, added above, is a second document with the same items.)
    const longgang = r.items.filter((i: { doc: string }) => i.doc === 'longgang-2022');
    expect(longgang.map((i: { label: string }) => i.label)).toEqual(['4', '5', '6', '9', '12', '22']);
  });

  it('bad usage exits 2 naming the option or value', async () => {
    const kind = await planbot(['items', '--kind', 'plans', ...opts()]);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toContain('--kind');
    const k = await planbot(['ask', 'x', '--k', 'many', ...opts()]);
    expect(k.code).toBe(2);
    expect(k.stderr).toContain('--k');
    const unknown = await planbot(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('frobnicate');
    const env = await planbot(['items', ...opts()], { RATE_LIMIT_PER_MINUTE: 'lots' });
    expect(env.code).toBe(2);
    expect(env.stderr).toContain('RATE_LIMIT_PER_MINUTE');
  });

  it('doctor reports an invalid setting as its own finding, in JSON when asked', async () => {
    const r = await planbot(['doctor', '--json', ...opts()], { HTTP_PORT: 'abc', OPENAI_API_KEY: 'sk-never-shown-1234' });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ ok: false, checks: [{ name: 'config', status: 'fail' }] });
    expect(report.checks[0].details.join(' ')).toContain('HTTP_PORT');
    expect(r.stdout + r.stderr).not.toContain('sk-never-shown-1234');
  });
});
