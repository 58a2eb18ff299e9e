/**
 * A sandbox served through msw (no socket) for simulator tests: created before the describe's tests
 * with its state in a temp folder, closed and removed after. Fields are filled in `beforeAll`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll } from 'vitest';
import type { SandboxAccount } from '../../src/sandbox/accounts.js';
import { createSandbox, type ManualClock, type Sandbox, type SandboxOptions } from '../../src/sandbox/core.js';
import { sandboxHandlers } from '../../src/sandbox/msw.js';

export interface MswSandbox {
  sandbox: Sandbox;
  stateDir: string;
}

export function useMswSandbox(
  opts: { origin: string; accounts: SandboxAccount[]; seed: boolean; clock: ManualClock } & Pick<SandboxOptions, 'simulators' | 'faults'>,
): MswSandbox {
  const t = {} as MswSandbox;
  const server = setupServer();
  beforeAll(async () => {
    t.stateDir = await mkdtemp(join(tmpdir(), 'sandbox-msw-'));
    t.sandbox = await createSandbox({ ...opts, stateDir: t.stateDir });
    server.use(...sandboxHandlers(opts.origin, t.sandbox));
    server.listen({ onUnhandledRequest: 'error' });
  });
  afterAll(async () => {
    server.close();
    await t.sandbox.close();
    await rm(t.stateDir, { recursive: true, force: true });
  });
  return t;
}
