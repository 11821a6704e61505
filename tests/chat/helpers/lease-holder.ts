/**
 * A stand-in for one planbot process competing for the WeCom connection lease: it tries to take or renew the
 * lease every `renewMs` and prints `held` or `standby` whenever its state changes. Run by tests/chat/lease-processes.test.ts.
 */
import { connectTo } from '../../../src/store/item-store.js';
import { LeaseTable } from '../../../src/store/lease-table.js';

const [dir, holder, ttl, renew] = process.argv.slice(2);
const db = await connectTo(dir!);
const table = await LeaseTable.open(db);
let state = '';
const tick = async () => {
  const { held } = await table.acquire('wecom:bot', holder!, Number(ttl), Date.now());
  const next = held ? 'held' : 'standby';
  if (next !== state) process.stdout.write(`${next}\n`);
  state = next;
};
await tick();
setInterval(() => void tick(), Number(renew));
process.on('SIGTERM', () => {
  void table.release('wecom:bot', holder!).finally(() => process.exit(0));
});
