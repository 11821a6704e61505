import type { IngestProgress } from './ingest.js';

/**
 * A one-line progress bar for long ingests, redrawn in place on stderr. Only on a terminal: in a pipe or a
 * log file the carriage returns would be noise, so the caller gets `undefined` there.
 */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): (((p: IngestProgress) => void) & { end(): void }) | undefined {
  if (!stream.isTTY) return undefined;
  let drawn = false;
  const width = 30;
  const draw = (p: IngestProgress) => {
    const share = p.total ? p.done / p.total : 1;
    const filled = Math.round(share * width);
    stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${p.done}/${p.total} items  ${p.file.slice(0, 40)}\x1b[K`);
    drawn = true;
  };
  return Object.assign(draw, {
    end() {
      if (drawn) stream.write('\n');
    },
  });
}
