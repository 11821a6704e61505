import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Loopback addresses: the only hosts on which the web view may be read without WEB_TOKEN. */
export function isLoopback(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(?:\.\d{1,3}){3}$/.test(h);
}

/** Compares secrets in constant time; hashing first makes lengths equal, so the length does not leak either. */
export function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** Short tokens are guessable: they are ignored (and named at start-up) rather than accepted. */
export const MIN_TOKEN_CHARS = 12;

export interface CoordinatorToken {
  name: string;
  token: string;
}

/** `张主任=abc…` or a bare token (then the coordinator is called 协调员N). */
export function parseCoordinatorTokens(entries: readonly string[]): { tokens: CoordinatorToken[]; problems: string[] } {
  const tokens: CoordinatorToken[] = [];
  const problems: string[] = [];
  entries.forEach((entry, i) => {
    const eq = entry.indexOf('=');
    const name = eq > 0 ? entry.slice(0, eq).trim() : `协调员${i + 1}`;
    const token = (eq > 0 ? entry.slice(eq + 1) : entry).trim();
    if (token.length < MIN_TOKEN_CHARS) problems.push(`COORDINATOR_TOKENS entry ${i + 1} (${name}) is shorter than ${MIN_TOKEN_CHARS} characters: ignored`);
    else tokens.push({ name, token });
  });
  return { tokens, problems };
}

export function coordinatorFor(tokens: readonly CoordinatorToken[], typed: string): CoordinatorToken | undefined {
  // Every entry is compared, so the time taken does not say which one matched.
  let found: CoordinatorToken | undefined;
  for (const t of tokens) if (sameSecret(t.token, typed.trim())) found ??= t;
  return found;
}

export function randomId(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Coordinators' sign-ins, in memory: a restart signs everyone out, which is the safe side. The cookie holds a
 * random id, never the token.
 */
export class Sessions {
  private readonly byId = new Map<string, { name: string; until: number }>();
  constructor(
    private readonly now: () => number,
    private readonly ttlMs = 8 * 3600_000,
  ) {}

  open(name: string): string {
    const id = randomId();
    this.byId.set(id, { name, until: this.now() + this.ttlMs });
    return id;
  }

  who(id: string | undefined): string | undefined {
    if (!id) return undefined;
    const s = this.byId.get(id);
    if (!s) return undefined;
    if (s.until < this.now()) {
      this.byId.delete(id);
      return undefined;
    }
    return s.name;
  }

  close(id: string | undefined): void {
    if (id) this.byId.delete(id);
  }
}
