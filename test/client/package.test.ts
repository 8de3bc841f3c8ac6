/**
 * The package as an application uses it: `import { LarsClient } from
 * 'lars-ts'` through the exports map (dist/, built by `npm run build`), in a
 * process of its own that never calls close(): it must still exit by itself.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { AgentFixture } from '../helpers/agentFixture.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function runApp(source: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    // No tap loaders: the app runs the compiled package, as a user's would.
    const child = spawn(process.execPath, ['--input-type=module', '-e', source], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

t.test('exports map and type declarations are in place', async (t) => {
  t.ok(existsSync(`${ROOT}dist/client/index.js`));
  t.ok(existsSync(`${ROOT}dist/client/index.d.ts`));
});

t.test('an app imports lars-ts, gets a host, reports, and exits without close()', async (t) => {
  const agent = await AgentFixture.start({ routes: [{ modid: 1, cmdid: 1, hosts: [{ ip: '10.9.8.7', port: 80 }] }] });
  t.teardown(() => agent.close());
  const app = `
    import { LarsClient, LarsError } from 'lars-ts';
    const lars = new LarsClient({ basePort: ${agent.basePort}, timeoutMs: 2000 });
    await lars.regInit(1, 1);
    const host = await lars.getHost(1, 1);
    lars.report(1, 1, host, 'success');
    await lars.getRoute(1, 1); // same socket, answered after the report was applied
    const err = await lars.getHost(1, 2).catch((e) => e);
    console.log(JSON.stringify({ host, code: err instanceof LarsError ? err.code : String(err) }));
  `;
  const r = await runApp(app);
  t.equal(r.code, 0, r.out);
  t.same(JSON.parse(r.out), { host: { ip: '10.9.8.7', port: 80 }, code: 'NOEXIST' });
  t.equal(agent.serviceFor(1, 1).stats().lb.reports, 1, 'the report reached the agent');
});
