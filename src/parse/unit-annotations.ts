import { isOpenEnded, timingDeadline } from './deadlines.js';

/**
 * Who is responsible for an item, as Chinese plans print it: a grammar kept as data, like the numbering
 * families (numbering.ts). A new way of printing units is one entry in a table below, not a new regexp in
 * the parser.
 *
 * An annotation is found in brackets anywhere in an item (`(责任单位:…)`), or without brackets on a line of
 * its own or after the item's last sentence (`责任单位:…`, `X牵头,Y配合。`). Its content is read as
 * segments (split at `;` `,` or a space before a label) and each segment is either
 *   - labelled: `牵头单位:X`, `配合单位:Y`, `责任科室/单位:Z` (the label gives the role), or
 *   - a list and a role word: `X牵头`, `Y配合`, `X、Y负责`, `X会同Y负责`, `各区按职责分工负责`.
 *
 * Every unit is returned in print order without its label or role word (`units`); the ones the document
 * marks as leading are also in `leadUnits` (empty when it marks none). Nothing is inferred: an item without
 * an annotation has no units.
 *
 * Input is text after full-width folding (parse-document.ts folds `(),:;` to ASCII); full-width forms are
 * accepted as well so the module can be used on raw text.
 */

export type UnitRole = 'lead' | 'partner' | 'neutral';

/** Labels that name the role of the list after their colon. */
export interface UnitLabel {
  pattern: string;
  role: UnitRole;
  note: string;
}

const KIND = '(?:单位|科室|处室|部门|机构|主体|司局|处|科)';

export const unitLabels: UnitLabel[] = [
  { pattern: `(?:主要)?牵头${KIND}?`, role: 'lead', note: '牵头单位:X / 牵头科室:X: the lead of the task' },
  { pattern: `主责${KIND}|主办${KIND}`, role: 'lead', note: '主责单位 / 主办单位: lead, in provincial and city plans' },
  { pattern: `(?:配合|协办|协助|参与|协同|协作)${KIND}?`, role: 'partner', note: '配合单位:Y / 协办科室:Y / 参与单位:Y: partners of the lead' },
  {
    pattern: `(?:主要)?(?:责任|负责|实施|承办|落实)${KIND}?(?:\\s*[/／、]\\s*${KIND})*`,
    role: 'neutral',
    note: '责任单位 / 责任科室/单位 / 责任处室 / 负责部门: who is responsible, no lead marked',
  },
];

/** `2024年底前完成`, `长期坚持` inside a note: its timing, not a unit. */
function isTiming(segment: string): boolean {
  return !UNIT_ENDINGS.test(segment) && (timingDeadline(segment, 2000) !== null || isOpenEnded(segment));
}

/**
 * Labels of a note's other fields (`(责任单位:X;完成时限:2024年底前)`): their value is a deadline for the
 * item, not a unit, and is handed back as `deadlineTexts`.
 */
export const timingLabels: Array<{ pattern: string; note: string }> = [
  { pattern: '(?:完成|办结|实施)?(?:时限|期限|时间)(?:要求|节点)?|时间节点|进度安排|完成时间', note: '完成时限:2024年底前 / 时间节点:6月底前' },
];

/** Words after a list that give it its role. Longest first, so 牵头负责 is not read as 负责. */
export interface RoleWord {
  pattern: string;
  role: UnitRole;
  note: string;
}

export const roleWords: RoleWord[] = [
  { pattern: '牵头(?:负责|落实|实施|推进|组织)?', role: 'lead', note: 'X牵头(,Y配合): X leads' },
  { pattern: '(?:配合|协助|协办|参与|协同)(?:落实|实施|推进)?', role: 'partner', note: 'Y配合 / Y参与: partners' },
  {
    pattern: '(?:按(?:照)?(?:各自)?职责(?:分工)?|分别|共同|具体|按职能)?(?:负责(?:落实|实施|推进)?|落实|实施)',
    role: 'neutral',
    note: 'X负责 / X、Y负责 / 各区按职责分工负责: responsible, no lead marked',
  },
];

/** `X会同Y`: X leads and Y joins (国家发展改革委会同有关部门负责). */
const JOINT = /会同/;

/**
 * Document-wide notes that make the first unit of every list the lead (`列第一位者为牵头单位,下同`,
 * `排在第一位的部门为牵头部门`). They hold from where they are printed to the end of the document.
 */
export const firstIsLeadRules: Array<{ pattern: RegExp; note: string }> = [
  {
    pattern: /(?:列|排|位)(?:在)?(?:第一位|第一|首位)(?:者|的)?(?:单位|部门|科室|处室)?(?:为|是)牵头(?:单位|部门|科室|处室)?/,
    note: '列第一位者为牵头单位 / 排在第一位的部门为牵头部门',
  },
  { pattern: /(?:第一个|首个|首位|排名第一的?)(?:单位|部门|科室|处室)?(?:为|是)牵头(?:单位|部门|科室|处室)?/, note: '第一个单位为牵头单位 / 首位为牵头部门' },
];

/** The rule sentence as printed inside a note, with its 下同 (`。列第一位者为牵头单位,下同`). */
function stripLeadRule(s: string): { rest: string; found: boolean } {
  let found = false;
  let rest = s;
  for (const r of firstIsLeadRules) {
    const re = new RegExp(`[。.;;,,]?\\s*(?:其中[,,]?\\s*)?${r.pattern.source}(?:[,,;;]?\\s*(?:下同|以下同|后同))?[。.]?`, 'g');
    rest = rest.replace(re, () => {
      found = true;
      return '';
    });
  }
  return { rest, found };
}

export function hasFirstIsLeadRule(text: string): boolean {
  return firstIsLeadRules.some((r) => r.pattern.test(text));
}

/**
 * What a unit's name ends with, for notes that carry no label (`(X负责)`): without a label a bracket is a
 * note only if every name in it looks like an office, so `(所需经费由财政负责)` is not read as one.
 */
const UNIT_ENDINGS =
  /(?:部|委|局|办|厅|署|院|会|行|处|科|室|中心|政府|单位|部门|机构|机关|集团|公司|街道|镇|乡|社区|站|所|队|校|学|馆|台|团|联|协|社|庭|区|县|市|州|盟|旗|省|组|办公室|小组|党委|党组|支部|总队|支队|大队|医院|卫生院|各地|各级|有关方面)$/;

const TIMING = timingLabels.map((l) => `(?:${l.pattern})`).join('|');
/** Names that can only be offices: what a bare list in brackets must consist of. */
const OFFICE_ENDINGS = /(?:局|委|办|厅|部|处|科|署|政府|办公室|委员会|部门|单位|机关|党委|党组|管委会|银行|监会|各区|各县|各市)$/;

const LABELS = [...unitLabels.map((l) => `(?:${l.pattern})`), TIMING].join('|');
const TIMING_LABEL = new RegExp(`^(?:${TIMING})$`);
const LABEL_AT = new RegExp(`(?:^|(?<=[;;,,、\\s]))(${LABELS})\\s*[::]\\s*`, 'g');
const ROLE_AT_END = new RegExp(`(${roleWords.map((w) => `(?:${w.pattern})`).join('|')})$`);

export interface UnitReading {
  units: string[];
  leadUnits: string[];
  /** Values of the note's timing fields (完成时限:2024年底前), as printed. */
  deadlineTexts: string[];
}

/** Split a list at 、,;, and spaces, but never inside brackets (区委宣传部(区新闻办)). */
export function splitUnitList(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of list) {
    if (ch === '(' || ch === '(') depth++;
    if (ch === ')' || ch === ')') depth = Math.max(0, depth - 1);
    if (depth === 0 && /[、,,;;\s]/.test(ch)) {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out.map((u) => u.replace(/[。.]+$/, '')).filter(Boolean);
}

function roleOfLabel(label: string): UnitRole {
  for (const l of unitLabels) if (new RegExp(`^(?:${l.pattern})$`).test(label)) return l.role;
  return 'neutral';
}

function roleOfWord(word: string): UnitRole {
  for (const w of roleWords) if (new RegExp(`^(?:${w.pattern})$`).test(word)) return w.role;
  return 'neutral';
}

interface Part {
  units: string[];
  role: UnitRole;
  /** A timing field's value (完成时限:…), not units. */
  timing?: string;
}

/** `牵头单位:X;配合单位:Y`. Null when the content has no label at its start. */
function readLabelled(content: string): Part[] | null {
  const hits = [...content.matchAll(LABEL_AT)];
  if (hits.length === 0 || hits[0]!.index !== content.search(/\S/)) return null;
  const parts: Part[] = [];
  hits.forEach((h, k) => {
    const start = h.index! + h[0].length;
    const end = k + 1 < hits.length ? hits[k + 1]!.index! : content.length;
    const value = content
      .slice(start, end)
      .replace(/[;;,,\s]+$/, '')
      .trim();
    if (TIMING_LABEL.test(h[1]!.replace(/\s+/g, ''))) {
      if (value) parts.push({ units: [], role: 'neutral', timing: value });
      return;
    }
    const names = splitUnitList(value);
    const units = names.filter((u) => !isTiming(u));
    for (const t of names.filter(isTiming)) parts.push({ units: [], role: 'neutral', timing: t });
    if (units.length) parts.push({ units, role: roleOfLabel(h[1]!.replace(/\s+/g, '')) });
  });
  return parts.length ? parts : null;
}

/**
 * `X牵头,Y配合`, `X、Y负责`, `X会同Y负责`, `…,各区按职责分工负责`. Null unless every segment reads so.
 * With `bareList`, a list with no role word at all (`(市发展改革委、市财政局)`) is read as units too: only
 * for a bracket that closes a paragraph, where plans print their units.
 */
function readRoleWords(content: string, bareList: boolean): Part[] | null {
  const segments = content
    .split(/[;;,,。]\s*/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (segments.length === 0) return null;
  const parts: Part[] = [];
  // A list without its own role word takes the next one: (X、Y,各区按职责分工负责).
  let pending: string[] = [];
  for (const seg of segments) {
    if (isTiming(seg)) {
      parts.push({ units: [], role: 'neutral', timing: seg });
      continue;
    }
    const m = ROLE_AT_END.exec(seg);
    const body = m ? seg.slice(0, m.index) : seg;
    const joint = body.split(JOINT);
    if (joint.length > 2) return null;
    const lists = joint.map((j) => splitUnitList(j));
    if (lists.some((l) => l.length === 0)) return null;
    if (!m) {
      if (joint.length === 2) parts.push({ units: [...pending, ...lists[0]!], role: 'lead' }, { units: lists[1]!, role: 'partner' });
      else pending.push(...lists.flat());
      if (joint.length === 2) pending = [];
      continue;
    }
    const role = roleOfWord(m[1]!);
    if (joint.length === 2) {
      parts.push({ units: [...pending, ...lists[0]!], role: role === 'partner' ? 'partner' : 'lead' }, { units: lists[1]!, role: 'partner' });
    } else {
      parts.push({ units: [...pending, ...lists[0]!], role });
    }
    pending = [];
  }
  if (pending.length) {
    if (!bareList && !parts.some((p) => p.units.length > 0)) return null;
    // A list with no role word at all must name offices (局, 委, 处, 政府 …), so that an explanation closing
    // a sentence (…医疗机构(区属医院、社康中心)) is not read as units.
    if (!parts.some((p) => p.units.length > 0) && !pending.every((u) => OFFICE_ENDINGS.test(u.replace(/[((][^))]*[))]/g, '').replace(/等$/, '')))) return null;
    parts.push({ units: pending, role: 'neutral' });
  }
  if (!parts.every((p) => p.units.every(looksLikeUnit)) || !parts.some((p) => p.units.length > 0)) return null;
  return parts;
}

function looksLikeUnit(u: string): boolean {
  // 市财政局等 (…等按职责分工负责): the 等 is printed with the name.
  const bare = u.replace(/[((][^))]*[))]/g, '').replace(/等$/, '');
  return (
    bare.length >= 2 &&
    bare.length <= 30 &&
    UNIT_ENDINGS.test(bare) &&
    !/^(?:含|包括|即|如|以下简称|简称|不含|除)/.test(bare) &&
    !/[要将应由的对把在已为从]/.test(bare.replace(/(有关部门|等有关|单位)/g, ''))
  );
}

function combine(parts: Part[]): UnitReading {
  const units: string[] = [];
  const leadUnits: string[] = [];
  const deadlineTexts = parts.flatMap((p) => (p.timing ? [p.timing] : []));
  const hasLead = parts.some((p) => p.role === 'lead');
  const hasPartner = parts.some((p) => p.role === 'partner');
  for (const p of parts) {
    for (const u of p.units) if (!units.includes(u)) units.push(u);
    // 责任单位 / 负责 beside a partner list (X负责,Y配合) is the lead.
    const leads = p.role === 'lead' || (p.role === 'neutral' && hasPartner && !hasLead);
    if (leads) for (const u of p.units) if (!leadUnits.includes(u)) leadUnits.push(u);
  }
  return { units, leadUnits, deadlineTexts };
}

/**
 * Read one note's content (what is inside the brackets, or the bare line). `strictNames` is for a note
 * without a label: then every name must look like an office. Null when it is not a units note.
 */
export function readUnitNote(content: string, options: { bareList?: boolean } = {}): (UnitReading & { firstIsLead: boolean }) | null {
  const { rest, found } = stripLeadRule(content.trim());
  const marked = markedLeads(rest);
  const body = marked.text.trim().replace(/[。.]+$/, '');
  if (!body) return null;
  const parts = readLabelled(body) ?? readRoleWords(body, options.bareList === true);
  if (!parts) return null;
  const reading = combine(parts);
  for (const u of reading.units) if (marked.leads.includes(u) && !reading.leadUnits.includes(u)) reading.leadUnits.push(u);
  reading.leadUnits.sort((a, b) => reading.units.indexOf(a) - reading.units.indexOf(b));
  return { ...reading, firstIsLead: found };
}

/** `市卫生健康委(牵头)、市财政局`: a 牵头 mark after a name makes it the lead; the mark is no part of the name. */
export function markedLeads(list: string): { text: string; leads: string[] } {
  const leads: string[] = [];
  const text = list.replace(/([^、,,;;:：\s()()]+)\s*[((]\s*牵头(?:单位|部门)?\s*[))]/g, (_m, name: string) => {
    leads.push(name);
    return name;
  });
  return { text, leads };
}

export interface UnitExtraction extends UnitReading {
  /** The item's text with its notes taken out. */
  text: string;
  /** A note of this item printed the first-is-lead rule. */
  firstIsLead: boolean;
}

const BRACKETED = /[((]([^()()]*(?:[((][^()()]*[))][^()()]*)*)[))]/g;

/**
 * Take every units note out of an item's text. Bracketed notes with a label are read anywhere; bracketed
 * notes without one only where they close a paragraph (`…。(X、Y负责)`), and bare notes only as a line of
 * their own or after the paragraph's last sentence. With `firstIsLead` (the document's rule is in force),
 * the first unit of each list is the lead where the note names none.
 */
export function extractUnitAnnotations(text: string, options: { firstIsLead?: boolean } = {}): UnitExtraction {
  const readings: UnitReading[] = [];
  let ruleHere = false;
  const take = (r: ReturnType<typeof readUnitNote>): boolean => {
    if (!r) return false;
    readings.push(r);
    ruleHere ||= r.firstIsLead;
    return true;
  };
  const lines = text.split('\n').map((line) => {
    let out = line
      .replace(BRACKETED, (whole, inner: string, offset: number, s: string) => {
        const closes = /^[\s。.;;]*$/.test(s.slice(offset + whole.length));
        const labelled = readLabelled(inner.trim()) !== null;
        if (!labelled && !closes) return whole;
        return take(readUnitNote(inner, { bareList: closes })) ? '' : whole;
      })
      .trim();
    if (!out) return out;
    // A bare note: the whole line (labelled, or a list with role words), or a labelled note after the
    // paragraph's last sentence (…。责任单位:X、Y).
    if ((readLabelled(out) !== null || out.length <= 80) && take(readUnitNote(out))) return '';
    const tail = /。\s*([^。]+?)[。.]?\s*$/.exec(out);
    if (tail && readLabelled(tail[1]!.trim()) !== null && take(readUnitNote(tail[1]!))) out = out.slice(0, tail.index + 1);
    return out.trim();
  });
  const firstIsLead = options.firstIsLead === true || ruleHere;
  const units: string[] = [];
  const leadUnits: string[] = [];
  const deadlineTexts: string[] = [];
  for (const r of readings) {
    deadlineTexts.push(...r.deadlineTexts);
    for (const u of r.units) if (!units.includes(u)) units.push(u);
    const leads = r.leadUnits.length ? r.leadUnits : firstIsLead && r.units[0] ? [r.units[0]] : [];
    for (const u of leads) if (!leadUnits.includes(u)) leadUnits.push(u);
  }
  return {
    units,
    leadUnits,
    deadlineTexts,
    text: lines
      .filter((l) => l !== '')
      .join('\n')
      .trim(),
    firstIsLead: ruleHere,
  };
}
