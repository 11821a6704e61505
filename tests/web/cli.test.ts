import { describe, expect, it } from 'vitest';
import { planbot } from '../helpers/cli.js';

describe('planbot web', () => {
  it('refuses a non-loopback address without WEB_TOKEN, naming the setting (exit 2)', async () => {
    const r = await planbot(['web', '--host', '0.0.0.0', '--port', '0'], { WEB_TOKEN: '', HTTP_HOST: '127.0.0.1' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/WEB_TOKEN/);
  }, 60_000);

  it('is listed in the help', async () => {
    const r = await planbot(['--help']);
    expect(r.stdout + r.stderr).toMatch(/\bweb\b.*web view/);
  }, 60_000);
});
