/**
 * Typed access to test/helpers/backends.mjs (shared with `npm run bench`): a bare git repository as a
 * remote, and a throwaway PostgreSQL server. See that file for how the server is run.
 */
// @ts-expect-error plain ESM module without type declarations
import * as backends from './backends.mjs';

export interface TestPostgres {
  /** Superuser URL of the server's `postgres` database (holds the password). */
  url: string;
  password: string;
  /** A URL of a new, empty database. */
  database(): Promise<string>;
  stop(): Promise<void>;
}

export const makeBareRemote: () => Promise<string> = backends.makeBareRemote;
export const startPostgres: (opts?: { fsync?: boolean }) => Promise<TestPostgres> = backends.startPostgres;
