import t from 'tap';
import { ReadBudget } from '../../../runtime/reactor/readBudget.js';
import { MsgRouter } from '../../../runtime/reactor/msgRouter.js';
import type { TcpConnection } from '../../../runtime/reactor/tcpConnection.js';
import { TcpServer } from '../../../runtime/reactor/tcpServer.js';
import { encodeFrame } from '../../../runtime/reactor/frame.js';
import { FramedSocket } from '../../helpers/framedSocket.js';

t.test('a flood is read in budgeted turns, nothing lost, timers get their turn', async (t) => {
  const budget = new ReadBudget(64 * 1024);
  const router = new MsgRouter<TcpConnection>();
  let frames = 0;
  let done: () => void = () => undefined;
  const all = new Promise<void>((r) => (done = r));
  const FRAMES = 4000;
  router.register(7, () => {
    if (++frames === FRAMES * 2) done();
  });
  const server = new TcpServer({ ip: '127.0.0.1', port: 0, router, maxConn: 10, maxOutBytes: 1 << 20, readBudget: budget });
  const { port } = await server.listen();
  t.teardown(() => server.close());
  const a = await FramedSocket.open(port);
  const b = await FramedSocket.open(port);
  // Count event-loop turns that saw reading: a long turn would show as few.
  let immediates = 0;
  let ticking = true;
  const tick = (): void => {
    immediates++;
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  const body = Buffer.alloc(1000, 1);
  const burst = Buffer.concat(Array.from({ length: FRAMES }, () => encodeFrame(7, body)));
  a.write(burst);
  b.write(burst);
  await all;
  ticking = false;
  t.equal(frames, FRAMES * 2, 'every frame of both floods handled');
  t.ok(budget.pauses > 0, `connections paused ${budget.pauses} times`);
  // Unbudgeted, libuv would take up to 2 MiB per socket per turn: a handful of turns.
  t.ok(immediates >= 16, `${immediates} turns for ${(burst.length * 2) >> 10} KiB`);
  a.destroy();
  b.destroy();
});
