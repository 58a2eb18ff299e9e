/**
 * Progress for refresh and apply. The engine reports through hooks; this turns them into output:
 * a listr2 task list per target when the terminal is interactive, plain lines otherwise (CI logs).
 * Everything goes to stderr so stdout carries only the plan and results.
 */
import type { ApplyHooks } from '../engine/apply.js';
import type { RefreshHooks } from '../engine/refresh.js';
import type { PlannedAction } from '../plan/types.js';
import type { CliIO } from './io.js';
import { describeFailure } from './errors.js';
import { OutcomeUnknownError } from '../http/index.js';

export interface Progress {
  refresh: RefreshHooks;
  apply: ApplyHooks;
  /** Starts a stage over these targets; `totals` = actions per target (apply). */
  begin(stage: 'refresh' | 'apply', targets: string[], totals?: Map<string, number>): void;
  /** Ends the current stage (waits for the task list to finish drawing). */
  end(): Promise<void>;
}

const describeAction = (a: PlannedAction) => `${a.target}: ${a.kind} ${a.key}: ${a.label}`;

export function createProgress(io: CliIO, quiet: boolean): Progress {
  return io.isTTY && !quiet && io.stderr === process.stderr ? taskListProgress(io) : lineProgress(io, quiet);
}

export function lineProgress(io: CliIO, quiet: boolean): Progress {
  const say = (s: string) => {
    if (!quiet) io.stderr.write(`${s}\n`);
  };
  return {
    begin: () => undefined,
    end: async () => undefined,
    refresh: {
      onTargetStart: (t) => say(`Reading ${t}...`),
      onTargetDone: (t, n, reads) => say(`Read ${t}: ${n} object${n === 1 ? '' : 's'} (${reads} read call${reads === 1 ? '' : 's'})`),
    },
    apply: {
      onActionDone: (a) => say(`  done    ${describeAction(a)}`),
      // An unknown outcome is settled later in the same apply (src/engine/settle.ts): not a failure yet.
      onActionFailed: (a, e) =>
        e instanceof OutcomeUnknownError ? say(`  unknown ${describeAction(a)}: outcome unknown, settled below`) : io.stderr.write(`  FAILED  ${describeAction(a)}: ${describeFailure(e)}\n`),
      onActionSkipped: (a, why) => say(`  skipped ${describeAction(a)}: ${why}`),
      onTargetStopped: (t, why, n) => io.stderr.write(`  STOPPED ${t}: ${why}: ${n} action${n === 1 ? '' : 's'} skipped\n`),
    },
  };
}

interface Row {
  title: string;
  finish: () => void;
  setTitle?: (s: string) => void;
  done: number;
  failed: number;
  skipped: number;
  total: number;
}

function taskListProgress(io: CliIO): Progress {
  let rows = new Map<string, Row>();
  let running: Promise<unknown> = Promise.resolve();
  const update = (t: string, title: string) => {
    const row = rows.get(t);
    if (!row) return;
    row.title = title;
    row.setTitle?.(title);
  };
  const applyTitle = (t: string, r: Row) => `${t}: ${r.done}/${r.total} done${r.failed ? `, ${r.failed} failed` : ''}${r.skipped ? `, ${r.skipped} skipped` : ''}`;
  const tick = (a: PlannedAction, field: 'done' | 'failed' | 'skipped') => {
    const r = rows.get(a.target);
    if (!r) return;
    r[field] += 1;
    update(a.target, applyTitle(a.target, r));
    if (r.done + r.failed + r.skipped >= r.total) r.finish();
  };
  return {
    begin(stage, targets, totals) {
      rows = new Map();
      const tasks = targets.map((t) => {
        let finish!: () => void;
        const finished = new Promise<void>((resolve) => (finish = resolve));
        const total = totals?.get(t) ?? 0;
        const row: Row = { title: stage === 'refresh' ? `${t}: waiting` : `${t}: 0/${total} done`, finish, done: 0, failed: 0, skipped: 0, total };
        rows.set(t, row);
        if (stage === 'apply' && total === 0) finish();
        return {
          title: row.title,
          task: async (_: unknown, task: { title: string }) => {
            row.setTitle = (s) => (task.title = s);
            task.title = row.title;
            await finished;
          },
        };
      });
      // listr2 is loaded here, not at startup: only an interactive plan or apply draws task lists.
      running = import('listr2')
        .then(({ Listr, ListrLogger, ProcessOutput }) =>
          new Listr(tasks, {
            concurrent: true,
            exitOnError: false,
            rendererOptions: { logger: new ListrLogger({ processOutput: new ProcessOutput(process.stderr, process.stderr) }) },
          }).run(),
        )
        .catch(() => undefined);
    },
    async end() {
      for (const r of rows.values()) r.finish();
      await running;
    },
    refresh: {
      onTargetStart: (t) => update(t, `${t}: reading`),
      onTargetDone: (t, n, reads) => {
        update(t, `${t}: ${n} object${n === 1 ? '' : 's'} read (${reads} call${reads === 1 ? '' : 's'})`);
        rows.get(t)?.finish();
      },
    },
    apply: {
      onActionDone: (a) => tick(a, 'done'),
      // An unknown outcome is settled later in the same apply: counted once it is (not as failed now).
      onActionFailed: (a, e) => {
        if (!(e instanceof OutcomeUnknownError)) tick(a, 'failed');
      },
      onActionSkipped: (a) => tick(a, 'skipped'),
    },
  };
}
