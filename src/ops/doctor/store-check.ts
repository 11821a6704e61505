import type { Config } from '../../config/index.js';
import type { Logger } from '../../log/index.js';
import type { ItemStore, StoredFile } from '../../store/item-store.js';
import { explainStoreFailure } from '../store-diagnosis.js';
import { check, type DoctorCheck } from './types.js';

/**
 * Writes past the served manifest mean an ingest is running, or failed or was killed before its switch. The
 * previous complete ingest serves, which is not the plain "ok" the operator expects after an ingest.
 */
async function unfinishedIngest(store: ItemStore, uri: string): Promise<string | null> {
  const { ingestLockHolder } = await import('../../store/ingest-lock.js');
  const lock = await ingestLockHolder(uri);
  const at = store.manifest()?.ingestedAt;
  const last = at && !at.startsWith('1970') ? `the last complete ingest (${at})` : 'the last complete ingest';
  if (lock?.running)
    return `an ingest is running (pid ${lock.holder.pid} on ${lock.holder.host}, started ${lock.holder.startedAt}): its data is not served until it completes`;
  if ((await store.uncommittedTables()).length === 0) return null;
  return `an ingest did not complete (it failed or was killed${lock ? `: pid ${lock.holder.pid} on ${lock.holder.host}, started ${lock.holder.startedAt}` : ''}); its partial writes are not served, ${last} is. Run \`planbot ingest\` again`;
}

/**
 * The store opens with the configured embedder. Opening never builds it (unlike `planbot start`): the
 * doctor looks, it does not change anything.
 */
export async function storeCheck(c: Config, log: Logger): Promise<{ result: DoctorCheck; files: StoredFile[] | null }> {
  const [{ ItemStore }, { createEmbedder }] = await Promise.all([import('../../store/item-store.js'), import('../../store/create-embedder.js')]);
  try {
    const embedder = await createEmbedder(c, log);
    const store = await ItemStore.open({ uri: c.PLANBOT_DB, embedder, log });
    try {
      const [files, items] = await Promise.all([store.fileRows(), store.countItems()]);
      const summary = `${items} items from ${files.length} documents at ${c.PLANBOT_DB}, built with the configured embedder (${embedder.id})`;
      if (items === 0) return { result: check('store', 'fail', `the store at ${c.PLANBOT_DB} holds no items: run \`planbot ingest\``), files };
      const unfinished = await unfinishedIngest(store, c.PLANBOT_DB);
      if (unfinished)
        return {
          result: check('store', 'warn', `${unfinished}; serving meanwhile: ${summary}`, files.map((f) => `${f.source}: ${f.items} items`).sort()),
          files,
        };
      return { result: check('store', 'ok', summary, files.map((f) => `${f.source}: ${f.items} items`).sort()), files };
    } finally {
      store.close();
    }
  } catch (err) {
    if (err instanceof Error && /EMBEDDER|OPENAI_API_KEY/.test(err.message)) return { result: check('store', 'fail', err.message), files: null };
    return { result: check('store', 'fail', await explainStoreFailure(err, { db: c.PLANBOT_DB, seeds: c.PLANBOT_SEEDS })), files: null };
  }
}
