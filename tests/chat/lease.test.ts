import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectTo } from '../../src/store/item-store.js';
import { LeaseTable } from '../../src/store/lease-table.js';

describe('a connection lease in the shared store', () => {
  it('one holder at a time; another takes over only when it expires or is released; the old holder learns it lost', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'planbot-lease-'));
    // Two connections: two processes on one store.
    const [dbA, dbB] = [await connectTo(dir), await connectTo(dir)];
    const a = await LeaseTable.open(dbA);
    const b = await LeaseTable.open(dbB);
    expect(await a.acquire('wecom:bot', 'A', 1000, 0)).toMatchObject({ held: true, holder: 'A', expiresAt: 1000 });
    expect(await b.acquire('wecom:bot', 'B', 1000, 500)).toMatchObject({ held: false, holder: 'A' });
    expect(await a.acquire('wecom:bot', 'A', 1000, 600)).toMatchObject({ held: true, expiresAt: 1600 });
    expect(await b.acquire('wecom:bot', 'B', 1000, 1500)).toMatchObject({ held: false, holder: 'A' });
    // A stops renewing (a hung or killed process): B takes over once the lease has run out.
    expect(await b.acquire('wecom:bot', 'B', 1000, 1700)).toMatchObject({ held: true, holder: 'B', expiresAt: 2700 });
    expect(await a.acquire('wecom:bot', 'A', 1000, 1800)).toMatchObject({ held: false, holder: 'B' });
    // A clean stop releases at once.
    await b.release('wecom:bot', 'B');
    expect(await a.acquire('wecom:bot', 'A', 1000, 1900)).toMatchObject({ held: true, holder: 'A' });
    // Another bot's lease is separate.
    expect(await b.acquire('wecom:other', 'B', 1000, 1900)).toMatchObject({ held: true });
    dbA.close();
    dbB.close();
  });
});
