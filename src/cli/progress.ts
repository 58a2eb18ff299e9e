/**
 * Progress for refresh and apply. The engine reports through hooks; this turns them into output:
 * listr2 task list when stderr is an interactive terminal, plain timestamp-free lines otherwise
 * (CI logs). Everything goes to stderr so stdout carries only the plan / results.
 */
import type { ApplyHooks } from '../engine/apply.js';
import type { RefreshHooks } from '../engine/refresh.js';
import type { PlannedAction } from '../plan/types.js';
import type { CliIO } from './io.js';
import { describeFailure } from './errors.js';

export interface Progress {
  refresh: RefreshHooks;
  apply: ApplyHooks;
}

const describeAction = (a: PlannedAction) => `${a.target}: ${a.kind} ${a.key}: ${a.label}`;

export function lineProgress(io: CliIO, quiet: boolean): Progress {
  const say = (s: string) => {
    if (!quiet) io.stderr.write(`${s}\n`);
  };
  return {
    refresh: {
      onTargetStart: (t) => say(`Reading ${t}...`),
      onTargetDone: (t, n, reads) => say(`Read ${t}: ${n} object${n === 1 ? '' : 's'} (${reads} read call${reads === 1 ? '' : 's'})`),
    },
    apply: {
      onActionDone: (a) => say(`  done    ${describeAction(a)}`),
      onActionFailed: (a, e) => io.stderr.write(`  FAILED  ${describeAction(a)}: ${describeFailure(e)}\n`),
      onActionSkipped: (a, why) => say(`  skipped ${describeAction(a)}: ${why}`),
    },
  };
}
