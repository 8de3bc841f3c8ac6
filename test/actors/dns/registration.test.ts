/**
 * Registration on the DNS port (ids 16 and 18), in one process on real
 * stores (SQLite and MariaDB) and real sockets, clocks moved by hand: raw
 * TCP agents register, renew and deregister; subscribers see it pushed; what
 * is refused is answered with its code and counted, and nothing is stored.
 */
import t, { type Test } from 'tap';
import { join } from 'node:path';
import { lars } from '../../../proto/generated/lars.js';
import { openStore } from '../../../store/openStore.js';
import type { Store } from '../../../store/store.js';
import { ipv4ToUint32 } from '../../../runtime/net/ipv4.js';
import { encodeFrame } from '../../../runtime/reactor/frame.js';
import { withTestDatabase } from '../../helpers/mysqlTestDb.js';
import { registrationRig, type Rig, type RigOptions } from '../../helpers/registrationRig.js';
import { RegisterClient, RouteSubscriber } from '../../helpers/registerClient.js';
import { originalFrame } from '../../helpers/originalWire.js';
import { FramedSocket } from '../../helpers/framedSocket.js';
import { ORIGINAL_SQLITE } from '../../helpers/originalSchema.js';
import Database from 'better-sqlite3';

const RET = lars.LarsRetCode;
const ID = lars.MessageId;
const T0 = 1_700_000_000_000;

type Open = (t: Test, opts?: { skipInit?: boolean }) => Promise<{ store: Store; lease: { now: number } } | undefined>;

const sqlite: Open = async (t, opts = {}) => {
  const lease = { now: T0 };
  const store = await openStore(`sqlite:${join(t.testdir(), 'lars.db')}`, { leaseClock: () => lease.now, now: () => lease.now });
  t.teardown(() => store.close());
  if (!opts.skipInit) await store.init();
  return { store, lease };
};

const mysql: Open = async (t, opts = {}) => {
  const db = await withTestDatabase(t);
  if (!db) return undefined;
  const lease = { now: T0 };
  const store = await openStore(db.url, { leaseClock: () => lease.now, now: () => lease.now });
  t.teardown(() => store.close());
  if (!opts.skipInit) await store.init();
  return { store, lease };
};

async function rigOn(t: Test, open: Open, opts: RigOptions = {}): Promise<{ rig: Rig; store: Store } | undefined> {
  const s = await open(t);
  if (!s) return undefined;
  return { rig: await registrationRig(t, s.store, s.lease, opts), store: s.store };
}

async function agent(t: Test, rig: Rig, owner = 'agent h1', token = ''): Promise<RegisterClient> {
  const c = await RegisterClient.open(rig.port, owner, token);
  t.teardown(() => c.close());
  return c;
}

async function subscriber(t: Test, rig: Rig): Promise<RouteSubscriber> {
  const s = await RouteSubscriber.open(rig.port);
  t.teardown(() => s.close());
  return s;
}

function suite(t: Test, open: Open): void {
  t.test('register: served and pushed in the original\'s bytes; heard again: renewed, no edit; deregister: pushed at once', async (t) => {
    const r = await rigOn(t, open);
    if (!r) return;
    const { rig, store } = r;
    const sub = await subscriber(t, rig);
    t.same(await sub.ask(), [], 'nothing yet');
    const a = await agent(t, rig);
    const taken = await a.register([{ ip: '10.0.0.1', port: 80 }, { ip: '200.1.2.3', port: 8080 }]);
    t.same([taken.retcode, taken.refused], [RET.RET_SUCC, []]);
    const pushed = await sub.nextFrame();
    t.same(encodeFrame(pushed.msgid, pushed.body), originalFrame(ID.ID_GetRouteResponse, 1, 1, [{ ip: 0x0a000001, port: 80 }, { ip: -939458045, port: 8080 }]), 'the push is byte-identical to the original\'s encoding');
    const late = await subscriber(t, rig);
    t.same(await late.ask(), [['10.0.0.1', 80], ['200.1.2.3', 8080]], 'a new subscriber is answered with both');
    const version = await store.getVersion();

    await rig.tick(4000);
    t.same((await a.register([{ ip: '10.0.0.1', port: 80 }, { ip: '200.1.2.3', port: 8080 }])).retcode, RET.RET_SUCC);
    await rig.tick(1000);
    t.same((await store.listHostStates()).map((h) => h.lease?.remainingMs), [9_000, 9_000], 'the renewal batch (written 1 s after the heartbeat) moved both deadlines to a ttl past the heartbeat');
    t.equal(await store.getVersion(), version, 'renewals never bump the version');
    t.same([rig.desk.stats.registered, rig.desk.stats.renewed, rig.writer.stats.renewStatements], [2, 2, 1], 'two written, two renewed in one statement');

    t.same((await a.deregister([{ ip: '200.1.2.3', port: 8080 }])).retcode, RET.RET_SUCC);
    // The rig never polls on a timer: this push came from the edit itself, not from a poll_interval.
    t.same(await sub.next(), [['10.0.0.1', 80]], 'deregistration pushed');
    t.same(await late.next(), [['10.0.0.1', 80]]);
    t.equal(rig.watcher.stats.polls, 3, 'the load, then one poll per edit (the registration, the deregistration): none on a timer');
  });

  t.test('a renewal still waiting for its batch when the instance deregisters does not bring it back', async (t) => {
    const r = await rigOn(t, open);
    if (!r) return;
    const { rig, store } = r;
    const sub = await subscriber(t, rig);
    await sub.ask();
    const a = await agent(t, rig);
    await a.register([{ ip: '10.0.0.1', port: 80 }]);
    t.same(await sub.next(), [['10.0.0.1', 80]]);
    // The agent's heartbeat is heard (a renewal, batched for renew_interval), then the app deregisters.
    await a.register([{ ip: '10.0.0.1', port: 80 }]);
    t.equal(rig.writer.pendingRenewals, 1, 'the renewal waits for its batch');
    await a.deregister([{ ip: '10.0.0.1', port: 80 }]);
    t.same(await sub.next(), [], 'deregistration pushed');
    await rig.tick(1000);
    t.same(await store.listHostStates(), [], 'the batch that followed did not register it again');
    t.equal(rig.writer.stats.reRegistered, 0);
  });

  t.test('a renewal batch already at the store when the instance deregisters does not bring it back', async (t) => {
    const s = await open(t);
    if (!s) return;
    // The batch's UPDATE waits at this gate, so the deregistration commits first and the UPDATE finds the lease gone.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const store = new Proxy(s.store, {
      get(target, prop) {
        if (prop === 'renewLeases') return async (...args: Parameters<Store['renewLeases']>) => (await gate, target.renewLeases(...args));
        const v: unknown = Reflect.get(target, prop, target);
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const rig = await registrationRig(t, store, s.lease);
    const a = await agent(t, rig);
    await a.register([{ ip: '10.0.0.1', port: 80 }]);
    await a.register([{ ip: '10.0.0.1', port: 80 }]);
    const ticking = rig.tick(1000);
    t.equal(rig.writer.pendingRenewals, 0, 'the batch left for the store');
    t.equal((await a.deregister([{ ip: '10.0.0.1', port: 80 }])).retcode, RET.RET_SUCC);
    release();
    await ticking;
    t.same(await s.store.listHostStates(), [], 'still gone after the batch');
    t.equal(rig.writer.stats.reRegistered, 0);
  });

  t.test('no renewal: expired within ttl + one sweep, and pushed', async (t) => {
    const r = await rigOn(t, open);
    if (!r) return;
    const { rig } = r;
    const sub = await subscriber(t, rig);
    await sub.ask();
    const a = await agent(t, rig);
    await a.register([{ ip: '10.0.0.1', port: 80, ttlMs: 3000 }]);
    t.same(await sub.next(), [['10.0.0.1', 80]]);
    await rig.tick(3000);
    t.equal(rig.writer.stats.expired, 0, 'at the deadline: not yet lapsed');
    await rig.tick(1000);
    t.equal(rig.writer.stats.expired, 1, 'the next sweep expired it');
    t.same(await sub.next(), [], 'pushed as gone');
  });

  t.test('the owner goes silent: gone one ttl after its last heartbeat was heard, not one ttl after its batch was written', async (t) => {
    const r = await rigOn(t, open);
    if (!r) return;
    const { rig } = r;
    const sub = await subscriber(t, rig);
    await sub.ask();
    const a = await agent(t, rig);
    await a.register([{ ip: '10.0.0.1', port: 80, ttlMs: 10_000 }]);
    t.same(await sub.next(), [['10.0.0.1', 80]]);
    await rig.tick(500);
    // The last heartbeat, heard at 500 ms; its batch is written a renew_interval later (1,500 ms), then the owner dies.
    await a.register([{ ip: '10.0.0.1', port: 80, ttlMs: 10_000 }]);
    const step = async (until: number): Promise<void> => {
      while (elapsed < until) {
        await rig.tick(100);
        elapsed += 100;
      }
    };
    let elapsed = 500;
    await step(10_400);
    t.equal(rig.writer.stats.expired, 0, 'alive until heard + ttl (10,500 ms)');
    await step(10_600);
    // Checked before waiting for the push, which never comes when the lease outlived the bound.
    if (t.equal(rig.writer.stats.expired, 1, 'expired by heard + ttl + 100 ms: stamped from the heartbeat, swept at its deadline')) t.same(await sub.next(), [], 'pushed as gone');
  });

  t.test('a static host is never expired nor duplicated; a reconnecting agent re-registers without an edit', async (t) => {
    const r = await rigOn(t, open);
    if (!r) return;
    const { rig, store } = r;
    await store.addHost(1, 1, ipv4ToUint32('10.0.0.9'), 90);
    await rig.watcher.poll();
    const a = await agent(t, rig);
    await a.register([{ ip: '10.0.0.9', port: 90 }, { ip: '10.0.0.1', port: 80 }]);
    await rig.settle();
    const sub = await subscriber(t, rig);
    t.same(await sub.ask(), [['10.0.0.1', 80], ['10.0.0.9', 90]], 'one entry for the static host');
    const version = await store.getVersion();
    a.close();
    const again = await agent(t, rig);
    t.same((await again.register([{ ip: '10.0.0.9', port: 90 }, { ip: '10.0.0.1', port: 80 }])).retcode, RET.RET_SUCC);
    await rig.settle();
    t.equal(await store.getVersion(), version, 'taken again by the new connection: the same registration, no edit, no push');
    again.close();
    await rig.tick(11_000);
    t.same(await sub.next(), [['10.0.0.9', 90]], 'both leases lapsed: the registered host went, the static one stayed');
    t.same((await store.listHosts()).length, 1);
  });

  t.test('a failing check withdraws the instance, passing again brings it back', async (t) => {
    const r = await rigOn(t, open);
    if (!r) return;
    const { rig } = r;
    const sub = await subscriber(t, rig);
    await sub.ask();
    const a = await agent(t, rig);
    await a.register([{ ip: '10.0.0.1', port: 80, check: { passing: true, detail: 'tcp://10.0.0.1:80' } }, { ip: '10.0.0.2', port: 80 }]);
    t.same(await sub.next(), [['10.0.0.1', 80], ['10.0.0.2', 80]]);
    await a.register([{ ip: '10.0.0.1', port: 80, check: { passing: false, detail: 'connect ECONNREFUSED' } }, { ip: '10.0.0.2', port: 80 }]);
    t.same(await sub.next(), [['10.0.0.2', 80]]);
    await a.register([{ ip: '10.0.0.1', port: 80, check: { passing: true, detail: 'tcp://10.0.0.1:80' } }, { ip: '10.0.0.2', port: 80 }]);
    t.same(await sub.next(), [['10.0.0.1', 80], ['10.0.0.2', 80]]);
  });

  t.test('drain: a drained host is pushed out and stays out when it registers again, until enabled', async (t) => {
    const r = await rigOn(t, open);
    if (!r) return;
    const { rig, store } = r;
    const sub = await subscriber(t, rig);
    await sub.ask();
    const a = await agent(t, rig);
    const both = [{ ip: '10.0.0.1', port: 80 }, { ip: '10.0.0.2', port: 80 }];
    await a.register(both);
    t.same(await sub.next(), [['10.0.0.1', 80], ['10.0.0.2', 80]]);
    t.same((await store.drainHost({ modid: 1, cmdid: 1, ip: ipv4ToUint32('10.0.0.2'), port: 80 }, 'ops')).status, 'drained');
    await rig.watcher.poll();
    t.same(await sub.next(), [['10.0.0.1', 80]], 'drained: pushed out');
    a.close();
    const again = await agent(t, rig);
    t.same((await again.register(both)).retcode, RET.RET_SUCC, 'the agent reconnects and registers both again');
    await again.deregister([both[1] as { ip: string; port: number }]);
    await again.register(both);
    await rig.settle();
    t.same(await (await subscriber(t, rig)).ask(), [['10.0.0.1', 80]], 'still out after deregistering and registering again');
    t.same((await store.enableHost({ modid: 1, cmdid: 1, ip: ipv4ToUint32('10.0.0.2'), port: 80 })).status, 'enabled');
    await rig.watcher.poll();
    t.same(await sub.next(), [['10.0.0.1', 80], ['10.0.0.2', 80]], 'enabled: back');
  });

  t.test('tokens: missing or wrong refused with RET_REFUSED, counted, nothing stored', async (t) => {
    const r = await rigOn(t, open, { token: 's3cret' });
    if (!r) return;
    const { rig, store } = r;
    const a = await agent(t, rig);
    const missing = await a.register([{ ip: '10.0.0.1', port: 80 }]);
    t.same([missing.retcode, missing.reason], [RET.RET_REFUSED, 'a token is required ([register] token in dns.ini)']);
    t.same((await a.register([{ ip: '10.0.0.1', port: 80 }], { token: 'guess' })).retcode, RET.RET_REFUSED);
    t.same((await a.deregister([{ ip: '10.0.0.1', port: 80 }], { token: 'guess' })).retcode, RET.RET_REFUSED, 'deregistration too');
    t.same(await store.listHostStates(), [], 'nothing stored');
    t.equal(rig.desk.stats.refusedToken, 3);
    t.same((await a.register([{ ip: '10.0.0.1', port: 80 }], { token: 's3cret' })).retcode, RET.RET_SUCC);
  });

  t.test('no token configured: only loopback peers may register', async (t) => {
    const remote = new Set(['127.0.0.1']);
    const r = await rigOn(t, open, { isLoopback: (address) => !remote.has(address.replace('::ffff:', '')) });
    if (!r) return;
    const { rig, store } = r;
    const a = await agent(t, rig);
    const refused = await a.register([{ ip: '10.0.0.1', port: 80 }]);
    t.same(refused.retcode, RET.RET_REFUSED);
    t.match(refused.reason, /only loopback peers may register/);
    t.equal(rig.desk.stats.refusedRemote, 1);
    t.same(await store.listHostStates(), []);
    remote.clear();
    t.same((await a.register([{ ip: '10.0.0.1', port: 80 }])).retcode, RET.RET_SUCC, 'the same peer counted as loopback: taken');
  });

  t.test('bad instances refused one by one with RET_BAD_ARGUMENT; the rest taken', async (t) => {
    const r = await rigOn(t, open);
    if (!r) return;
    const { rig, store } = r;
    const a = await agent(t, rig);
    const reply = await a.register([
      { ip: '0.0.0.0', port: 80 },
      { ip: '255.255.255.255', port: 80 },
      { ip: '239.1.2.3', port: 80 },
      { ip: '10.0.0.1', port: 0 },
      { ip: '10.0.0.1', port: 70_000 },
      { ip: '10.0.0.1', port: 81, ttlMs: 999 },
      { ip: '10.0.0.1', port: 82, weight: 1001 },
      { ip: '10.0.0.1', port: 83, weight: 0, ttlMs: 0 },
    ]);
    t.equal(reply.retcode, RET.RET_BAD_ARGUMENT);
    t.match(reply.reason, /^7 of 8 instances not taken: ip 0\.0\.0\.0 is not a host/);
    t.same(reply.refused.map((x) => x.retcode), Array(7).fill(RET.RET_BAD_ARGUMENT));
    t.match(reply.refused.map((x) => x.reason), [/0\.0\.0\.0/, /broadcast/, /multicast/, /port 0/, /port 70000/, /ttl_ms 999/, /weight 1001/]);
    t.same((await store.listHostStates()).map((h) => [h.port, h.weight, h.lease?.ttlMs]), [[83, 1, 10_000]], 'weight 0 is 1, ttl 0 is 10,000');
    const noOwner = await a.register([{ ip: '10.0.0.1', port: 84 }], { owner: '' });
    t.same([noOwner.retcode, noOwner.reason], [RET.RET_BAD_ARGUMENT, 'owner: expected 1 to 255 characters, got 0']);
    t.equal(rig.desk.stats.badArgument, 8);
  });

  t.test('malformed, oversized and unknown frames: counted, nothing stored, handled as any bad frame', async (t) => {
    const r = await rigOn(t, open);
    if (!r) return;
    const { rig, store } = r;
    const bad = await FramedSocket.open(rig.port);
    bad.send(ID.ID_RegisterRequest, Buffer.from([0x22, 0xff, 0x01]));
    await bad.closed;
    const bad2 = await FramedSocket.open(rig.port);
    bad2.send(ID.ID_DeregisterRequest, Buffer.from([0x22, 0x05, 0x01]));
    await bad2.closed;
    t.equal(rig.desk.stats.malformed, 2, 'both bodies counted as malformed registration frames');
    const huge = await FramedSocket.open(rig.port);
    const header = Buffer.alloc(8);
    header.writeInt32LE(ID.ID_RegisterRequest, 0);
    header.writeInt32LE(70_000, 4);
    huge.write(header);
    await huge.closed;
    const unknown = await agent(t, rig);
    unknown.socket.send(ID.ID_RegisterResponse, lars.RegisterResponse.encode({ seq: 1 }).finish());
    unknown.socket.send(ID.ID_API_RegisterRequest, lars.RegisterRequest.encode({ seq: 2, owner: 'x', instances: [{ modid: 1, cmdid: 1, ip: 1, port: 1 }] }).finish());
    t.same((await unknown.register([{ ip: '10.0.0.1', port: 80 }])).retcode, RET.RET_SUCC, 'ids DNS does not serve are dropped; the connection stays');
    const c = rig.dns.server.counters;
    t.same([c.get('badBody'), c.get('badLength'), c.get('unknownMsgid')], [2, 1, 2]);
    t.same((await store.listHostStates()).map((h) => h.port), [80], 'only the good registration stored');
  });

  t.test('partition: renewals stop for all, expiry pauses (logged once), nothing removed; renewals back: resumes', async (t) => {
    const r = await rigOn(t, open);
    if (!r) return;
    const { rig, store } = r;
    const a = await agent(t, rig, 'agent h1');
    const b = await agent(t, rig, 'agent h2');
    const mine = [{ ip: '10.0.0.1', port: 80 }, { ip: '10.0.0.2', port: 80 }];
    const theirs = [{ ip: '10.0.0.3', port: 80 }, { ip: '10.0.0.4', port: 80 }];
    await a.register(mine);
    await b.register(theirs);
    for (let s = 0; s < 30; s++) await rig.tick(1000);
    t.same([rig.writer.isPaused, rig.writer.stats.expired], [true, 0], 'paused, nothing expired');
    t.equal((await store.listHosts()).length, 4, 'every host still in the table');
    t.match(rig.writer.pausedReason, /lease expiry paused: 4 of 4 leases \(2 owners\) missed their renewals/);
    t.equal(rig.logs.filter((l) => /lease expiry paused/.test(l.line)).length, 1, 'said once');
    await a.register(mine);
    await b.register(theirs);
    await rig.tick(1000);
    await rig.tick(1000);
    t.equal(rig.writer.isPaused, false);
    t.equal(rig.logs.filter((l) => /lease expiry resumed/.test(l.line)).length, 1, 'resumed, said once');
    await b.register(theirs);
    for (let s = 0; s < 11; s++) {
      await b.register(theirs);
      await rig.tick(1000);
    }
    t.same((await store.listHostStates()).map((h) => h.ip), [ipv4ToUint32('10.0.0.3'), ipv4ToUint32('10.0.0.4')], 'one owner silent, the other renewing: its leases expire');
  });

}

t.test('sqlite', (t) => {
  suite(t, sqlite);
  t.end();
});

t.test('mariadb', async (t) => {
  if (!(await withTestDatabase(t))) return;
  suite(t, mysql);
});

t.test('a database the original made, not yet through lars db init: RET_UNAVAILABLE naming it, routes still served', async (t) => {
  const path = join(t.testdir(), 'original.db');
  const raw = new Database(path);
  for (const sql of ORIGINAL_SQLITE) raw.exec(sql);
  raw.prepare('INSERT INTO RouteData (modid, cmdid, serverip, serverport) VALUES (1, 1, ?, 90)').run(ipv4ToUint32('10.0.0.9'));
  raw.close();
  const lease = { now: T0 };
  const store = await openStore(`sqlite:${path}`, { leaseClock: () => lease.now });
  t.teardown(() => store.close());
  const rig = await registrationRig(t, store, lease);
  const a = await agent(t, rig);
  const reply = await a.register([{ ip: '10.0.0.1', port: 80 }]);
  t.equal(reply.retcode, RET.RET_UNAVAILABLE);
  t.match(reply.refused[0]?.reason, /run `lars db init`/);
  t.equal(rig.desk.stats.unavailable, 1);
  const sub = await subscriber(t, rig);
  t.same(await sub.ask(), [['10.0.0.9', 90]], 'its routes are served as before');
  await rig.tick(2000);
  t.same(rig.writer.stats.sweepErrors > 0, true, 'sweeps fail quietly there (counted)');
});
