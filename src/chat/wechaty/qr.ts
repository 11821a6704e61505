import type { Logger } from '../../log/index.js';

// Wechaty's ScanStatus: 2 = waiting for a scan, 5 = the code timed out and a new one follows.
const SHOW_CODE = new Set([2, 5]);

/**
 * Show the login QR code in the terminal (stderr: stdout is for command output) and log a link to the same
 * code as an image, for terminals that draw it badly. Other scan states (scanned, confirmed) are only logged.
 */
export function printQrCode(qrcode: string, status: number, log: Logger): void {
  const url = `https://wechaty.js.org/qrcode/${encodeURIComponent(qrcode)}`;
  log.info({ status, url }, SHOW_CODE.has(status) ? 'scan the QR code with WeChat to log in' : 'login QR code status');
  if (!SHOW_CODE.has(status) || !qrcode) return;
  import('qrcode-terminal')
    .then(({ default: terminal }) => terminal.generate(qrcode, { small: true }, (art: string) => process.stderr.write(`${art}\n`)))
    .catch((err: unknown) => log.warn({ err }, 'could not draw the QR code; open the logged url instead'));
}
