import { secretKeys } from '../../config/index.js';
import type { DoctorReport } from '../../ops/doctor/run-doctor.js';
import type { Command } from '../command.js';

const MARK = { ok: 'ok  ', warn: 'warn', fail: 'FAIL', skip: 'skip' } as const;

function human(report: DoctorReport): string {
  const lines = report.checks.flatMap((c) => [`${MARK[c.status]}  ${c.name.padEnd(11)}${c.summary}`, ...c.details.map((d) => `      ${' '.repeat(11)}· ${d}`)]);
  const failed = report.checks.filter((c) => c.status === 'fail').map((c) => c.name);
  lines.push('', failed.length ? `${failed.length} check(s) failed: ${failed.join(', ')}.` : 'All checks hold: planbot is ready to run.');
  return lines.join('\n');
}

/**
 * Checks what `planbot start` depends on, without changing anything, and explains each finding in plain
 * words. Exit 0 only when every check holds (skipped ones do not apply to this configuration).
 */
const command: Command = {
  name: 'doctor',
  summary: 'check the configuration, store, documents, LLM and chat settings, and explain what is wrong',
  usage: 'planbot doctor [--json]',
  options: {},
  async run(ctx) {
    const { runDoctor } = await import('../../ops/doctor/run-doctor.js');
    const report = await runDoctor(
      ctx.config,
      ctx.log,
      secretKeys.map((k) => ctx.config[k]),
    );
    ctx.print(report, human(report));
    return report.ok ? 0 : 1;
  },
  explainConfigError(problems) {
    // Nothing else can be checked without a valid configuration; say so rather than guess.
    const report: DoctorReport = {
      ok: false,
      checks: [{ name: 'config', status: 'fail', summary: 'a setting has a value that is not allowed; fix it in .env or the environment', details: problems }],
    };
    return { result: report, human: human(report) };
  },
};
export default command;
