import { ChatSetupError, plannedChannels } from '../../chat/index.js';
import type { Config } from '../../config/index.js';
import { check, type DoctorCheck } from './types.js';

/** What each puppet package connects to, in the words an operator knows. */
const PUPPET_PLATFORMS: Record<string, string> = {
  'wechaty-puppet-wechat4u': 'personal WeChat over the web protocol (QR login; many accounts are refused web login today)',
  'wechaty-puppet-wechat': 'personal WeChat over the web protocol in a headless browser (QR login)',
  'wechaty-puppet-service': 'a Wechaty puppet service reached with WECHATY_PUPPET_SERVICE_TOKEN (the usual way into WeCom or WeChat through a provider)',
  'wechaty-puppet-padlocal': 'personal WeChat over the iPad protocol (paid PadLocal token)',
  'wechaty-puppet-xp': 'WeChat for Windows on this machine',
};

/** Which chat platforms `planbot start` would connect to, and what each still needs. */
export async function channelsCheck(c: Config, resolve: (name: string) => boolean = packageInstalled): Promise<DoctorCheck> {
  let names: ReturnType<typeof plannedChannels>;
  try {
    names = plannedChannels(c);
  } catch (err) {
    if (err instanceof ChatSetupError) return check('channels', 'fail', err.message);
    throw err;
  }
  const notes = [
    c.ROOM_ALLOWLIST.length
      ? `answers in ${c.ROOM_ALLOWLIST.length} allowed room(s) (ROOM_ALLOWLIST)`
      : 'answers in every room it is in (ROOM_ALLOWLIST is empty)',
    c.COORDINATORS.length
      ? `${c.COORDINATORS.length} coordinator(s) may manage targets and digests`
      : 'nobody may add targets or digest subscriptions (COORDINATORS is empty)',
  ];
  if (names.includes('console')) {
    // The zero-config set-up the README recommends for a first try: nothing configured is nothing broken, so
    // doctor must not fail it. It still says plainly that no group will hear the bot.
    return check(
      'channels',
      'warn',
      'no chat platform configured: `planbot start` opens the console room in its terminal only. For groups, set WECOM_BOT_ID and WECOM_BOT_SECRET (WeCom 智能机器人), or WECHATY_PUPPET (WeChat).',
      notes,
    );
  }
  const lines: string[] = [];
  const problems: string[] = [];
  if (names.includes('wecom')) {
    lines.push(`wecom: WeCom 智能机器人 long connection as bot ${c.WECOM_BOT_ID} to ${c.WECOM_WS_URL ?? 'wss://openws.work.weixin.qq.com'}`);
  }
  if (names.includes('wechaty')) {
    const puppet = c.WECHATY_PUPPET!;
    lines.push(`wechaty: ${puppet}: ${PUPPET_PLATFORMS[puppet] ?? 'a third-party Wechaty puppet'}`);
    if (!resolve(puppet)) problems.push(`WECHATY_PUPPET=${puppet}: the package is not installed (npm install ${puppet})`);
  }
  if (problems.length) return check('channels', 'fail', problems.join('; '), [...lines, ...notes]);
  return check('channels', 'ok', `will connect to ${names.join(' and ')}`, [...lines, ...notes]);
}

function packageInstalled(name: string): boolean {
  try {
    import.meta.resolve(name);
    return true;
  } catch {
    return false;
  }
}
