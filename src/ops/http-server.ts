import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log/index.js';
import type { HealthReport } from './health.js';

export interface OpsServerOptions {
  host: string;
  /** 0 picks a free port (tests); `planbot start` does not call this at all when HTTP_PORT=0. */
  port: number;
  log: Logger;
  health: () => Promise<HealthReport>;
  metrics: { render(): Promise<{ contentType: string; body: string }> };
  /** Values masked in every response body: a check's detail may quote an error that quotes a key. */
  secrets?: Array<string | undefined>;
  /** Every other path (the web view): a plain Node listener, so that this server knows no web framework. */
  app?: RequestListener;
}

export interface OpsServer {
  /** e.g. http://127.0.0.1:8787 */
  readonly url: string;
  close(): Promise<void>;
}

/** The endpoint could not listen; the message names the setting to change. */
export class OpsServerError extends Error {
  override name = 'OpsServerError';
}

/**
 * /healthz and /metrics for probes and Prometheus. Read-only and unauthenticated, so it listens on
 * 127.0.0.1 unless HTTP_HOST says otherwise (in a container: 0.0.0.0, published to the host only).
 */
export async function startOpsServer(o: OpsServerOptions): Promise<OpsServer> {
  const log = o.log.child({ module: 'ops.http' });
  const secrets = (o.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length >= 4);
  const mask = (text: string) => secrets.reduce((out, s) => out.split(s).join('[redacted]'), text);

  const send = (res: ServerResponse, status: number, contentType: string, body: string, head: boolean) => {
    res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
    res.end(head ? undefined : mask(body));
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const head = req.method === 'HEAD';
    if (o.app && path !== '/healthz' && path !== '/metrics') return o.app(req, res);
    if (req.method !== 'GET' && !head) return send(res, 405, 'text/plain; charset=utf-8', 'only GET and HEAD\n', false);
    if (path === '/healthz') {
      const report = await o.health();
      if (!report.ok) log.warn({ failing: report.failing }, 'health check failing');
      return send(
        res,
        report.ok ? 200 : 503,
        'application/json; charset=utf-8',
        `${JSON.stringify({ status: report.ok ? 'ok' : 'failing', ...report })}\n`,
        head,
      );
    }
    if (path === '/metrics') {
      const { contentType, body } = await o.metrics.render();
      return send(res, 200, contentType, body, head);
    }
    send(res, 404, 'text/plain; charset=utf-8', 'not found: planbot serves /healthz and /metrics\n', head);
  }

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      log.error({ err, url: req.url }, 'ops endpoint failed');
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error, see the log\n', false);
      else res.destroy();
    });
  });
  // A probe that never finishes its request must not hold a socket for Node's default 5 minutes (a web
  // question may take an LLM's time).
  server.requestTimeout = o.app ? 60_000 : 10_000;
  server.headersTimeout = 10_000;

  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      const where = `${o.host}:${o.port}`;
      if (err.code === 'EADDRINUSE')
        reject(
          new OpsServerError(
            `HTTP_PORT ${o.port} on HTTP_HOST ${o.host} is already in use (another planbot?): set HTTP_PORT to a free port, or HTTP_PORT=0 to turn /healthz and /metrics off`,
          ),
        );
      else if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND')
        reject(new OpsServerError(`HTTP_HOST ${o.host} is not an address of this machine (${err.code}): use 127.0.0.1, or 0.0.0.0 in a container`));
      else if (err.code === 'EACCES')
        reject(new OpsServerError(`not allowed to listen on ${where}: ports below 1024 need privileges; pick HTTP_PORT above 1024`));
      else reject(new OpsServerError(`cannot listen on ${where} (HTTP_HOST/HTTP_PORT): ${err.message}`));
    };
    server.once('error', onError);
    server.listen(o.port, o.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.on('error', (err) => log.error({ err }, 'ops endpoint error'));
  const { port, address, family } = server.address() as AddressInfo;
  const url = `http://${family === 'IPv6' ? `[${address}]` : address}:${port}`;
  log.info({ url, endpoints: ['/healthz', '/metrics', ...(o.app ? ['/ (web view)'] : [])] }, 'health and metrics endpoint listening');

  let closing: Promise<void> | undefined;
  return {
    url,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Prometheus keeps its connection alive between scrapes; without this, close waits for it.
        server.closeAllConnections();
      })),
  };
}
