import { describe, expect, it } from 'vitest';
import { webUrlOf } from '../../src/cli/commands/start.js';
import { testConfig } from '../ops/helpers.js';

describe('the web view link in chat replies', () => {
  it('is WEB_PUBLIC_URL, else the loopback address, and none where nobody could follow it', () => {
    expect(webUrlOf(testConfig({ HTTP_PORT: '8787' }))).toBe('http://127.0.0.1:8787');
    expect(webUrlOf(testConfig({ HTTP_PORT: '8787', WEB_PUBLIC_URL: 'https://desk.example.gov.cn' }))).toBe('https://desk.example.gov.cn');
    expect(webUrlOf(testConfig({ HTTP_PORT: '0' }))).toBeUndefined();
    expect(webUrlOf(testConfig({ HTTP_PORT: '8787', HTTP_HOST: '0.0.0.0', WEB_TOKEN: 'test-web-token-000000001' }))).toBeUndefined();
    expect(webUrlOf(testConfig({ HTTP_PORT: '8787', HTTP_HOST: '10.0.0.5' }))).toBeUndefined();
    expect(webUrlOf(testConfig({ HTTP_PORT: '8787', HTTP_HOST: '10.0.0.5', WEB_TOKEN: 'test-web-token-000000001' }))).toBe('http://10.0.0.5:8787');
  });
});
