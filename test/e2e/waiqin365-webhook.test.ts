/** `catalog webhook`: the built CLI receives waiqin365 product-group pushes and reports drift. */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { CLI, makeProject, removeProject, runCli } from '../helpers/cli.js';

let dir: string;
let child: ChildProcess | undefined;

beforeAll(async () => {
  dir = await makeProject({
    'catalog.config.yaml': 'targets:\n  sales: { platform: waiqin365, sandbox: true }\n',
    'catalog/groups.yaml': 'kind: Group\nkey: hooks\nname: 推送组\nplatforms:\n  waiqin365: { types: [{ name: 充电设备 }] }\n',
  });
  expect((await runCli(dir, ['apply', '--auto-approve'])).code).toBe(0);
});

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await removeProject(dir);
});

test('pushes are acknowledged and reported: in sync, drift, unmanaged; a bad body is refused; SIGTERM stops it', async () => {
  child = spawn(process.execPath, [CLI, 'webhook', '--target', 'sales', '--port', '0'], { cwd: dir, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child!.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /on (http:\/\/\S+\/)/.exec(stderr);
      if (m) resolve(m[1]!);
    });
    child!.on('exit', () => reject(new Error(`webhook exited: ${stderr}`)));
  });
  const post = async (body: unknown) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as { return_code: number } };
  };
  const group = { id: '1', code: 'hooks', name: '推送组', status: 1, is_enable: '1', source_code: 'hooks', brandList: [], typeList: [{ id: '5', name: '充电设备' }] };

  expect(await post(group)).toEqual({ status: 200, body: { return_code: 0, return_msg: '' } });
  expect((await post({ ...group, name: '推送组 改' })).body.return_code).toBe(0);
  expect((await post({ ...group, source_code: '', name: '控制台组' })).body.return_code).toBe(0);
  expect(await post('not json')).toMatchObject({ status: 400, body: { return_code: 1 } });

  child.kill('SIGTERM');
  const code = await new Promise<number | null>((resolve) => child!.on('exit', (c) => resolve(c)));
  expect(code).toBe(0);
  expect(stdout).toContain('[sales] Group hooks (id 1): in sync with the catalog');
  expect(stdout).toContain('[sales] Group hooks (id 1): changed on the platform');
  expect(stdout).toContain('name: "推送组 改" on the platform, "推送组" in the catalog');
  expect(stdout).toContain('Group "控制台组" (id 1): not managed by the catalog');
});
