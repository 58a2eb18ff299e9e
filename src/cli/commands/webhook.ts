/**
 * `catalog webhook --target T [--port N] [--host H] [--format text|json]`: receive the platform's push
 * of changed objects and report drift against the catalog, until SIGINT/SIGTERM. The platforms with a
 * push interface say so in their spec (PlatformSpec.push); point it at http://HOST:PORT/ (any path).
 *
 * The catalog and the state are read once at start (restart after changing the catalog). Every push is
 * answered with the platform's acknowledgement once it is parsed; a body that is not JSON or not a push
 * gets HTTP 400 and the platform's refusal. Reports go to stdout, one per push: text, or one JSON object per line.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Command } from 'commander';
import type { Json } from '../../plan/types.js';
import { desiredFor } from '../../engine/refresh.js';
import { PLATFORMS, platformSpec } from '../../platforms/registry.js';
import type { PushReader, PushReport } from '../../platforms/spec.js';
import { withNormalisedText } from '../../platforms/text.js';
import type { TargetState } from '../../platforms/types.js';
import { formatValue } from '../../render/values.js';
import { listed } from '../../diagnostics/suggest.js';
import { EXIT } from '../exit-codes.js';
import { parsePort } from '../port.js';
import type { CommandContext } from '../main.js';
import { loadInputs, openBackend, reportFailure } from '../workspace.js';
import { untilSignal } from '../signals.js';

export interface WebhookOptions {
  target?: string;
  port?: string;
  host?: string;
  format?: string;
}

/** Platforms with a push interface, and how one pushed body is read. */
const PUSH_READERS: ReadonlyMap<string, PushReader> = new Map(PLATFORMS.flatMap((p) => (p.push ? [[p.name, p.push]] : [])));


/** What the pushing platforms push, e.g. "waiqin365 product groups". */
const PUSHED = [...PUSH_READERS].map(([name, r]) => `${name} ${r.pushes}`).join(', ');

const MAX_BODY_BYTES = 1 << 20;

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        resolve(undefined);
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function describePush(target: string, r: PushReport): string {
  const who = r.key !== undefined ? `${r.kind} ${r.key}` : `${r.kind} "${r.name}"`;
  const head = `[${target}] ${who} (id ${r.id}): `;
  switch (r.status) {
    case 'in-sync':
      return `${head}in sync with the catalog\n`;
    case 'drift':
      return `${head}changed on the platform; the next apply restores the catalog's values\n${r.changes
        .map((c) => `    ${c.path}: ${formatValue(c.before)} on the platform, ${formatValue(c.after)} in the catalog\n`)
        .join('')}`;
    case 'deleted':
      return `${head}deleted on the platform; the next apply creates it again\n`;
    case 'orphaned':
      return `${head}ours but no longer in the catalog (disabled by apply when prune is on)\n`;
    case 'unmanaged':
      return `${head}not managed by the catalog (ignored)\n`;
  }
}

export async function serveWebhook(
  ctx: CommandContext,
  opts: WebhookOptions,
  untilStopped: () => Promise<unknown>,
  onListening?: (url: string) => void,
): Promise<number> {
  const { io } = ctx;
  const fail = (message: string) => {
    io.stderr.write(`catalog webhook: ${message}\n`);
    return EXIT.ERROR;
  };
  const format = opts.format ?? 'text';
  if (format !== 'text' && format !== 'json') return fail(`--format must be text or json, not "${format}"`);
  const port = parsePort(opts.port);
  if (port === undefined) return fail(`--port must be a port number 0..65535, not "${opts.port}"`);

  const inputs = await loadInputs(ctx);
  if ('exit' in inputs) return inputs.exit;
  const { config, catalog } = inputs;
  const pushers = config.targets.filter((t) => PUSH_READERS.has(t.platform));
  const target = opts.target === undefined && pushers.length === 1 ? pushers[0] : config.targets.find((t) => t.name === opts.target);
  if (!target) {
    return fail(opts.target === undefined ? `choose the target with --target (targets with a push interface: ${pushers.map((t) => t.name).join(', ') || 'none'})` : `unknown target "${opts.target}"`);
  }
  const reader = PUSH_READERS.get(target.platform);
  if (!reader) {
    const only = [...PUSH_READERS].map(([name, r]) => `${name} pushes ${r.pushes}`);
    return fail(`target ${target.name} is a ${target.platform} account, which has no push interface (only ${listed(only)})`);
  }

  const desired = desiredFor(platformSpec(target.platform).adapter, catalog, target).map(withNormalisedText);
  let records: ReturnType<TargetState['entries']>;
  let backend: Awaited<ReturnType<typeof openBackend>> | undefined;
  try {
    backend = await openBackend(ctx, config);
    const store = await backend.open();
    records = store.entries(target.name) as ReturnType<TargetState['entries']>;
    await store.close();
  } catch (e) {
    return reportFailure(ctx, e);
  } finally {
    await backend?.close();
  }
  const state: TargetState = { get: (ref) => records.find(([r]) => r === ref)?.[1], entries: () => records, getMeta: () => ({}) };

  const server: Server = createServer((req, res) => {
    const reply = (status: number, body: Json) => {
      res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST') return reply(405, reader.refuse('POST a pushed object'));
    void readBody(req).then(
      (text) => {
        if (text === undefined) return reply(413, reader.refuse('body too large'));
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          return reply(400, reader.refuse('body is not JSON'));
        }
        const report = reader.report(body, desired, state);
        if ('error' in report) {
          io.stderr.write(`catalog webhook: [${target.name}] ignored a push: ${report.error}\n`);
          return reply(400, reader.refuse(report.error));
        }
        io.stdout.write(format === 'json' ? `${JSON.stringify({ target: target.name, ...report })}\n` : describePush(target.name, report));
        reply(200, reader.ack);
      },
      () => reply(400, reader.refuse('could not read the body')),
    );
  });

  const host = opts.host ?? '127.0.0.1';
  const listening = await new Promise<{ ok: true } | { ok: false; error: NodeJS.ErrnoException }>((resolve) => {
    server.once('error', (error: NodeJS.ErrnoException) => resolve({ ok: false, error }));
    server.listen(port, host, () => resolve({ ok: true }));
  });
  if (!listening.ok) {
    return fail(listening.error.code === 'EADDRINUSE' ? `port ${port} is already in use; choose another with --port` : listening.error.message);
  }
  const address = server.address();
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${typeof address === 'object' && address ? address.port : port}/`;
  io.stderr.write(`Listening for ${target.platform} pushes of target ${target.name} on ${url} (Ctrl+C to stop)\n`);
  onListening?.(url);

  await untilStopped();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return EXIT.OK;
}


export function register(program: Command, ctx: CommandContext): void {
  program
    .command('webhook')
    .description(`receive the platform's pushes of changed objects and report drift against the catalog (${PUSHED})`)
    .option('-t, --target <name>', `the target whose pushes arrive here (default: the only ${listed([...PUSH_READERS.keys()])} target)`)
    .option('--port <n>', 'port to listen on (default: a free port)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--format <format>', 'text or json (one object per line)', 'text')
    .addHelpText(
      'after',
      [
        '',
        'Configure the URL printed at start as the 产品组推送接口 URL of the tenant (put a reverse proxy with',
        'TLS in front of it for a real tenant). The catalog is read once: restart after changing it.',
        '',
        'Examples:',
        '  catalog webhook --target sales --port 8788',
        '  catalog webhook --target sales --format json >> drift.jsonl',
      ].join('\n'),
    )
    .action(async (opts: WebhookOptions) => {
      ctx.exitCode = await serveWebhook(ctx, opts, untilSignal);
    });
}
