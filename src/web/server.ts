import { getRequestListener } from '@hono/node-server';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWebApp } from './app.js';
import type { WebDeps } from './deps.js';
import { isLoopback } from './security.js';

/** The web view as a plain Node request listener, for the ops server that already owns HTTP_HOST:HTTP_PORT. */
export function webListener(deps: WebDeps): RequestListener {
  return getRequestListener(createWebApp(deps).fetch);
}

/** Why the web view may not listen here, or undefined: a non-loopback address needs WEB_TOKEN. */
export function exposureProblem(config: Pick<WebDeps['config'], 'HTTP_HOST' | 'WEB_TOKEN'>): string | undefined {
  if (isLoopback(config.HTTP_HOST) || config.WEB_TOKEN) return undefined;
  return `HTTP_HOST ${config.HTTP_HOST} is not a loopback address: set WEB_TOKEN (the web view shows every plan and target), or use HTTP_HOST=127.0.0.1`;
}

export interface WebServer {
  url: string;
  close(): Promise<void>;
}

/** `planbot web`: the web view alone. */
export async function startWebServer(deps: WebDeps, o: { host: string; port: number }): Promise<WebServer> {
  const server = createServer(webListener(deps));
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port, address, family } = server.address() as AddressInfo;
  const url = `http://${family === 'IPv6' ? `[${address}]` : address}:${port}`;
  deps.log.info({ url }, 'web view listening');
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
