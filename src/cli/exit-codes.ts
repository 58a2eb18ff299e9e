/** Exit codes: a contract with users and CI (docs/commands.md, "Exit codes"). */
export const EXIT = {
  OK: 0,
  /** Bad input, auth, network. */
  ERROR: 1,
  /** `plan --detailed-exitcode` found changes. */
  CHANGES: 2,
  /** apply finished with some actions failed; what succeeded is recorded; re-running converges. */
  PARTIAL: 3,
  /** Refused by a guard: stale plan, mass delete, protected object, lock held, audit quota exhausted. */
  REFUSED: 4,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
