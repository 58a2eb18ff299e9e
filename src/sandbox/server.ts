/**
 * The sandbox as a real HTTP server on localhost (`catalog sandbox`, and targets with `sandbox: true`
 * started in-process). Keep-alive friendly; a dropped or lost fault destroys the socket, so the
 * client sees a connection error exactly as with a real network failure.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SandboxAccount } from './accounts.js';
import { Sandbox, type SandboxOptions } from './core.js';
import type { FaultSpec } from './faults.js';

export interface StartSandboxOptions {
  accounts: SandboxAccount[];
  stateDir: string;
  /** Fault spec (faults.ts); a bad spec rejects with a clear message. */
  faults?: string | FaultSpec;
  /** 0 or absent: a free port. */
  port?: number;
  host?: '127.0.0.1';
  /** New accounts start from the demo data (default true). */
  seed?: boolean;
  clock?: SandboxOptions['clock'];
  simulators?: SandboxOptions['simulators'];
}

export interface RunningSandbox {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  /** The baseUrl of one account: `${url}/${name}`. */
  accountUrl(name: string): string;
  /** Writes every changed account's state now. */
  flush(): Promise<void>;
  /** Stops listening, ends open connections, flushes. */
  close(): Promise<void>;
  /** The core (tests inspect state or move the clock through it). */
  sandbox: Sandbox;
}

export async function startSandbox(opts: StartSandboxOptions): Promise<RunningSandbox> {
  const sandbox = await Sandbox.create({
    accounts: opts.accounts,
    stateDir: opts.stateDir,
    ...(opts.faults !== undefined ? { faults: opts.faults } : {}),
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.simulators ? { simulators: opts.simulators } : {}),
  });
  const host = opts.host ?? '127.0.0.1';
  const server = createServer({ keepAlive: true }, (req, res) => {
    serve(sandbox, host, req, res).catch((e: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ error: `sandbox internal error: ${(e as Error).message}` }));
      } else {
        res.destroy();
      }
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    accountUrl: (name) => `${url}/${encodeURIComponent(name)}`,
    flush: () => sandbox.flush(),
    close: () =>
      (closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await sandbox.close();
      })()),
    sandbox,
  };
}

async function serve(sandbox: Sandbox, host: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const method = req.method ?? 'GET';
  const request = new Request(`http://${req.headers.host ?? host}${req.url ?? '/'}`, {
    method,
    headers,
    ...(method === 'GET' || method === 'HEAD' ? {} : { body }),
  });
  const response = await sandbox.handleSandboxRequest(request);
  if (response.type === 'error') {
    req.socket.destroy();
    return;
  }
  const out = Buffer.from(await response.arrayBuffer());
  const outHeaders: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    outHeaders[name] = value;
  });
  outHeaders['content-length'] = String(out.length);
  res.writeHead(response.status, outHeaders);
  res.end(out);
}
