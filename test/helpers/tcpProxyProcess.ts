/**
 * A TCP forwarder in a child process, to make a hung server: hang() stops
 * the process (SIGSTOP), so its connections stay open, connects still
 * complete in the kernel, and nothing is ever answered or reset, as with a
 * host that lost power. resume() (SIGCONT) lets it carry on. An in-process
 * TcpProxy cannot do this: stopping it would stop the test.
 *
 *   const proxy = await startTcpProxyProcess(t, 3306);
 *   // point the client at 127.0.0.1:proxy.port
 *   proxy.hang(); … proxy.resume();
 *
 * The child is a few lines of plain JavaScript (node -e): it starts in a
 * fraction of the second the TypeScript loader takes on a loaded machine.
 */
import type { Test } from 'tap';
import { WatchedProcess } from '../../bench/watchedProcess.js';

export interface TcpProxyProcess {
  port: number;
  /** SIGSTOP. */
  hang(): void;
  /** SIGCONT. */
  resume(): void;
}

const FORWARDER = `
const net = require('node:net');
const [targetPort, targetHost] = [Number(process.argv[1]), process.argv[2]];
const server = net.createServer((client) => {
  const upstream = net.connect({ host: targetHost, port: targetPort });
  for (const [a, b] of [[client, upstream], [upstream, client]]) {
    a.on('error', () => b.destroy());
    a.on('close', () => b.destroy());
    a.pipe(b);
  }
});
server.listen({ host: '127.0.0.1', port: 0 }, () => process.stdout.write('tcp proxy ready port=' + server.address().port + '\\n'));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
`;

export async function startTcpProxyProcess(t: Test, targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxyProcess> {
  // stdin a pipe: the proxy exits when the test process dies. No NODE_OPTIONS: tap's loaders are not needed.
  const p = new WatchedProcess(['-e', FORWARDER, String(targetPort), targetHost], { stdin: 'pipe', env: { NODE_OPTIONS: '' } });
  // SIGKILL works on a stopped process too: nothing is left behind.
  t.teardown(() => p.kill());
  const port = Number((await p.waitFor(/tcp proxy ready port=(\d+)/))[1]);
  return {
    port,
    hang: () => void p.child.kill('SIGSTOP'),
    resume: () => void p.child.kill('SIGCONT'),
  };
}
