/**
 * The real yaml-language-server (the npm package editors run: VS Code's YAML extension, Neovim,
 * JetBrains' LSP clients...), started over stdio and driven as an editor would: initialize, the
 * `yaml` settings answered to the server's workspace/configuration requests, didOpen, and the
 * diagnostics it publishes.
 *
 * It never reaches the network: the schema store and the Kubernetes CRD store are disabled, schemas
 * are file: URIs, and an HTTP proxy on a closed local port makes any other request fail at once.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface LspDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  /** 1 error, 2 warning, 3 information, 4 hint. */
  severity?: number;
  message: string;
  source?: string;
}

interface Message {
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: unknown;
}

const SERVER = path.join(path.dirname(createRequire(import.meta.url).resolve('yaml-language-server/package.json')), 'bin', 'yaml-language-server');

export class YamlLanguageServer {
  private readonly proc: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, (m: Message) => void>();
  private readonly published = new Map<string, LspDiagnostic[]>();
  private lastPublish = Date.now();
  private configured!: Promise<void>;
  private readonly stderr: string[] = [];

  /** `schemas`: the `yaml.schemas` setting, schema file -> glob(s), as in an editor's settings. */
  constructor(
    private readonly rootDir: string,
    private readonly schemas: Record<string, string | string[]>,
  ) {
    this.proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.proc.stderr.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
  }

  private settings(): Record<string, unknown> {
    return {
      yaml: {
        validate: true,
        schemas: Object.fromEntries(Object.entries(this.schemas).map(([file, glob]) => [pathToFileURL(file).href, glob])),
        schemaStore: { enable: false },
        kubernetesCRDStore: { enable: false },
        yamlVersion: '1.2',
        customTags: [],
      },
      http: { proxy: 'http://127.0.0.1:9', proxyStrictSSL: true },
      '[yaml]': {},
      editor: {},
    };
  }

  async start(): Promise<void> {
    let answered!: () => void;
    this.configured = new Promise((resolve) => (answered = resolve));
    this.onConfigurationAnswered = answered;
    await this.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(this.rootDir).href,
      capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } }, textDocument: { publishDiagnostics: {} } },
      workspaceFolders: [{ uri: pathToFileURL(this.rootDir).href, name: 'catalog' }],
    });
    this.notify('initialized', {});
    this.notify('workspace/didChangeConfiguration', { settings: this.settings() });
    await this.configured;
    // The server applies the settings after its configuration request is answered (asynchronously).
    await new Promise((resolve) => setTimeout(resolve, 300));
  }

  private onConfigurationAnswered: () => void = () => {};

  /** Opens the files and waits for the server's diagnostics of each (until it has been quiet for a while). */
  async diagnose(files: readonly string[], text: (file: string) => string): Promise<Map<string, LspDiagnostic[]>> {
    const uris = files.map((f) => pathToFileURL(f).href);
    uris.forEach((uri, i) => {
      this.published.delete(uri);
      this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: text(files[i]!) } });
    });
    const deadline = Date.now() + 30_000;
    while (!(uris.every((u) => this.published.has(u)) && Date.now() - this.lastPublish > 400)) {
      if (Date.now() > deadline) throw new Error(`yaml-language-server published no diagnostics for ${uris.filter((u) => !this.published.has(u)).join(', ')}; stderr: ${this.stderr.join('')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    for (const uri of uris) this.notify('textDocument/didClose', { textDocument: { uri } });
    return new Map(files.map((f, i) => [f, this.published.get(uris[i]!)!]));
  }

  async stop(): Promise<void> {
    await this.request('shutdown', null).catch(() => undefined);
    this.notify('exit', null);
    await new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.proc.kill();
        resolve(undefined);
      }, 2000);
      this.proc.once('exit', () => {
        clearTimeout(timer);
        resolve(undefined);
      });
    });
  }

  private request(method: string, params: unknown): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (m) => (m.error ? reject(new Error(JSON.stringify(m.error))) : resolve(m.result)));
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  private notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  private send(message: object): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.proc.stdin.write(body);
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.handle(JSON.parse(body) as Message);
    }
  }

  private handle(m: Message): void {
    if (m.method === undefined && m.id !== undefined) {
      this.pending.get(m.id)?.(m);
      this.pending.delete(m.id);
      return;
    }
    if (m.method === 'textDocument/publishDiagnostics') {
      const { uri, diagnostics } = m.params as { uri: string; diagnostics: LspDiagnostic[] };
      this.published.set(uri, diagnostics);
      this.lastPublish = Date.now();
      return;
    }
    if (m.id === undefined) return; // other notifications (logs, telemetry)
    // Requests from the server to the editor.
    let result: unknown = null;
    if (m.method === 'workspace/configuration') {
      const settings = this.settings();
      result = ((m.params as { items: Array<{ section?: string }> }).items ?? []).map((item) => settings[item.section ?? ''] ?? null);
      setTimeout(() => this.onConfigurationAnswered(), 0);
    }
    this.send({ jsonrpc: '2.0', id: m.id, result });
  }
}
