import type { Config } from '../../config/index.js';
import { parseFolder, readLimitsFrom } from '../../parse/index.js';
import type { StoredFile } from '../../store/item-store.js';
import { check, type DoctorCheck } from './types.js';

/**
 * Whether the documents folder holds what the store serves. Compared by content hash, as ingest does: a file
 * copied again unchanged is not "newer", and an edited file is even when its date says otherwise.
 */
export async function seedsCheck(c: Config, stored: StoredFile[] | null): Promise<DoctorCheck> {
  let folder: Awaited<ReturnType<typeof parseFolder>>;
  try {
    folder = await parseFolder(c.PLANBOT_SEEDS, { limits: readLimitsFrom(c) });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException)?.code;
    const why =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'ENOTDIR'
          ? 'is a file, not a folder'
          : code === 'EACCES'
            ? 'is not readable by this user'
            : (err as Error).message;
    return check('seeds', 'fail', `PLANBOT_SEEDS=${c.PLANBOT_SEEDS} ${why}: it should hold the plan documents the store is built from`);
  }
  const skipped = folder.skipped.map((s) => `not read: ${s.reason.startsWith(s.file) ? s.reason : `${s.file}: ${s.reason}`}`);
  if (folder.documents.length === 0) return check('seeds', 'fail', `PLANBOT_SEEDS=${c.PLANBOT_SEEDS} holds no plan document planbot can read`, skipped);
  if (!stored) return check('seeds', 'skip', `${folder.documents.length} documents in ${c.PLANBOT_SEEDS}; no store to compare them with`, skipped);

  const inStore = new Map(stored.map((f) => [f.source, f.hash]));
  const inFolder = new Map(folder.documents.map((d) => [d.document.source, d.document.hash]));
  const added = [...inFolder.keys()].filter((s) => !inStore.has(s));
  const changed = [...inFolder.keys()].filter((s) => inStore.has(s) && inStore.get(s) !== inFolder.get(s));
  const removed = [...inStore.keys()].filter((s) => !inFolder.has(s));
  const differences = [
    ...added.map((s) => `new since the last ingest: ${s}`),
    ...changed.map((s) => `changed since the last ingest: ${s}`),
    ...removed.map((s) => `in the store but no longer in the folder: ${s}`),
  ];
  if (differences.length) {
    const names = [...added, ...changed, ...removed].join(', ');
    return check('seeds', 'fail', `the documents folder is newer than the store (${names}): run \`planbot ingest\`, then restart the bot`, [
      ...differences,
      ...skipped,
    ]);
  }
  const summary = `the store serves exactly the ${folder.documents.length} documents in ${c.PLANBOT_SEEDS}`;
  return check('seeds', skipped.length ? 'warn' : 'ok', skipped.length ? `${summary}; ${skipped.length} other file(s) are not read` : summary, skipped);
}
