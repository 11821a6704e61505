/**
 * One line of `planbot doctor`. `fail` makes the exit status 1; `warn` is worth reading but the bot runs;
 * `skip` means the check does not apply to this configuration (the summary says why).
 */
export interface DoctorCheck {
  name: string;
  status: 'ok' | 'warn' | 'fail' | 'skip';
  summary: string;
  details: string[];
}

export const check = (name: string, status: DoctorCheck['status'], summary: string, details: string[] = []): DoctorCheck => ({
  name,
  status,
  summary,
  details,
});
