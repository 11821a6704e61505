import type { Config } from '../config/index.js';
import type { Logger } from '../log/index.js';
import type { ItemStore } from '../store/item-store.js';
import type { QueryReader } from '../query/index.js';
import type { Retriever } from '../retrieve/retriever.js';

/** What every command and the bot share once started: the store the retriever and the query reader over it. */
export interface Runtime {
  config: Config;
  log: Logger;
  store: ItemStore;
  retriever: Retriever;
  /** The query stage over the same corpus: every question is read here once. */
  queries: QueryReader;
  /** Serve what a later ingest wrote (another process's `planbot ingest`); true when something changed. */
  reloadIfChanged(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Opens the store at PLANBOT_DB (building it from PLANBOT_SEEDS first when there is none, unless
 * `ingestIfMissing` is false) and the retriever over it. Imports are lazy: `planbot unit` never loads jieba or
 * the OpenAI SDK, and nothing here loads a chat SDK.
 */
export async function openRuntime(config: Config, log: Logger, opts: { ingestIfMissing?: boolean } = {}): Promise<Runtime> {
  const [{ ItemStore, StoreMissingError }, { createEmbedder }, { Retriever }, { QueryReader }] = await Promise.all([
    import('../store/item-store.js'),
    import('../store/create-embedder.js'),
    import('../retrieve/retriever.js'),
    import('../query/index.js'),
  ]);
  const embedder = await createEmbedder(config, log);
  const uri = config.PLANBOT_DB;
  let store: ItemStore;
  try {
    store = await ItemStore.open({ uri, embedder, log });
  } catch (e) {
    if (!(e instanceof StoreMissingError) || opts.ingestIfMissing === false) throw e;
    log.info({ uri, seeds: config.PLANBOT_SEEDS }, 'no store yet: building it from the seeds');
    const { ingestFolder } = await import('../store/ingest.js');
    const { readLimitsFrom } = await import('../parse/index.js');
    const result = await ingestFolder({ seedsDir: config.PLANBOT_SEEDS, uri, embedder, log, limits: readLimitsFrom(config) });
    log.info({ documents: result.documents, items: result.items, ms: result.ms }, 'store built');
    store = await ItemStore.open({ uri, embedder, log });
  }
  const retriever = new Retriever(store, log);
  // The reader's vocabulary follows the store's arrays, so a reload needs no reset here.
  const queries = new QueryReader(store, { botNames: [config.BOT_NAME] });
  return {
    config,
    log,
    store,
    retriever,
    queries,
    async reloadIfChanged() {
      if (!(await store.hasNewerVersion())) return false;
      await store.refresh();
      log.info({ uri }, 'the store changed on disk: now serving the new version');
      return true;
    },
    async close() {
      store.close();
      await embedder.close?.();
    },
  };
}
