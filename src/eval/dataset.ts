import { readFile } from 'node:fs/promises';
import { z } from 'zod';

export const questionTypes = ['lookup', 'paraphrase', 'unit', 'target', 'deadline', 'compare', 'negative'] as const;

/** One line of an eval file (see ../shared/eval/README.md). */
export const EvalQuestion = z.object({
  id: z.string(),
  question: z.string().min(1),
  type: z.enum(questionTypes),
  doc: z.string().nullable().optional(),
  label: z.string().nullable().optional(),
  needles: z.array(z.string()),
  units: z.array(z.string()).default([]),
  answer_facts: z.array(z.string()).default([]),
  notes: z.string().optional(),
});
export type EvalQuestion = z.infer<typeof EvalQuestion>;

/** Reads a JSON Lines eval file; a bad line is reported with its line number, not skipped. */
export async function loadEvalFile(path: string): Promise<EvalQuestion[]> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (e) {
    throw new Error(`eval file ${path}: ${(e as Error).message}`);
  }
  const out: EvalQuestion[] = [];
  raw.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (e) {
      throw new Error(`${path}:${i + 1}: not JSON (${(e as Error).message})`);
    }
    const parsed = EvalQuestion.safeParse(json);
    if (!parsed.success) throw new Error(`${path}:${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
    out.push(parsed.data);
  });
  if (out.length === 0) throw new Error(`eval file ${path} has no questions`);
  return out;
}
