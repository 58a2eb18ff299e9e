/**
 * msw handlers answering `<origin>/<account>/...` from a sandbox, so tests use the simulators
 * through global fetch without a socket:
 *
 *   const sandbox = await createSandbox({ accounts, stateDir, seed: false });
 *   const server = setupServer(...sandboxHandlers('http://sandbox.test', sandbox));
 *   // adapter baseUrl: 'http://sandbox.test/<account>'
 *
 * Dropped connections (faults drop/lost) are `Response.error()`, which msw turns into a fetch
 * network error. msw is a dev dependency: only tests import this module.
 */
import { http, type HttpHandler } from 'msw';
import type { Sandbox } from './core.js';

export function sandboxHandlers(origin: string, sandbox: Sandbox): HttpHandler[] {
  const base = origin.replace(/\/+$/, '');
  return [
    http.all(`${base}/*`, ({ request }) => sandbox.handleSandboxRequest(request)),
    http.get(base, ({ request }) => sandbox.handleSandboxRequest(request)),
  ];
}
