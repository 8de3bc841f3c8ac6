import t from 'tap';
import { BadBodyError, decodeBody, MsgRouter } from '../../../runtime/reactor/msgRouter.js';
import { lars } from '../../../proto/generated/lars.js';

t.test('routes by msgid and counts the rest', async (t) => {
  const router = new MsgRouter<string>();
  const calls: string[] = [];
  router.register(4, (conn, body, msgid) => void calls.push(`${conn}:${msgid}:${body.length}`));
  t.equal(router.dispatch('c1', 4, Buffer.alloc(3)), true);
  t.equal(router.dispatch('c1', 5, Buffer.alloc(3)), false);
  t.equal(router.dispatch('c1', -1, Buffer.alloc(0)), false);
  t.same(calls, ['c1:4:3']);
  t.equal(router.unrouted, 2);
  t.ok(router.has(4));
  t.notOk(router.has(5));
  t.throws(() => router.register(4, () => undefined), { code: 'DUPLICATE_ROUTE' });
});

t.test('decodeBody turns protobuf failures into BadBodyError', async (t) => {
  const good = lars.GetHostRequest.encode({ seq: 7, modid: 1, cmdid: 2 }).finish();
  t.same(decodeBody(lars.GetHostRequest, good, 4).seq, 7);
  const garbage = Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
  const err = t.throws(() => decodeBody(lars.GetHostRequest, garbage, 4));
  t.ok(err instanceof BadBodyError);
  t.equal((err as BadBodyError).code, 'BAD_BODY');
  t.throws(() => decodeBody(lars.GetRouteResponse, Buffer.from([0x1a, 0x05, 0x08]), 2), { code: 'BAD_BODY' }, 'truncated nested message');
});
