import type { Embedder } from '../store/embedder.js';
import type { HealthCheck } from './health.js';

/**
 * Questions are embedded before they are searched: a model server that stopped answering (the local one died
 * and could not be restarted, a remote one went away) makes every question fail, so /healthz says so. The
 * offline embedder needs nothing and is always ok.
 */
export function embedderCheck(embedder: Embedder): HealthCheck {
  return async () => {
    if (!embedder.semantic) return { ok: true, detail: `${embedder.id} (offline, no server)` };
    const started = performance.now();
    const v = embedder.embedQuery ? await embedder.embedQuery('健康检查', undefined as never) : (await embedder.embed(['健康检查']))[0]!;
    if (v.length !== embedder.dimension) return { ok: false, detail: `${embedder.id} returned dimension ${v.length}, expected ${embedder.dimension}` };
    return { ok: true, detail: `${embedder.id} answered in ${Math.round(performance.now() - started)} ms` };
  };
}
