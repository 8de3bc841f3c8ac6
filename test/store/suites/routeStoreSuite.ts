/** RouteStore behaviour every backend must show; run by sqlite.test.ts and mysql.test.ts. */
import type { Test } from 'tap';
import type { FreshStore } from './freshStore.js';
import { ipv4ToUint32, uint32ToInt32, uint32ToIpv4, int32ToIpv4 } from '../../../runtime/net/ipv4.js';
import { StoreError } from '../../../store/storeError.js';

const A = ipv4ToUint32('10.0.0.1');
const B = ipv4ToUint32('10.0.0.2');
const C = ipv4ToUint32('10.0.0.3');

export function routeStoreSuite(t: Test, fresh: FreshStore): void {
  t.test('init is idempotent and starts at version 0', async (t) => {
    const store = await fresh(t);
    if (!store) return;
    await store.init();
    await store.init();
    t.equal(await store.getVersion(), 0);
    t.same(await store.loadAll(), { version: 0, routes: [] });
    t.same(await store.changesSince(0), { version: 0, keys: [], complete: true });
    t.same(await store.listHosts(), []);
  });

  t.test('init keeps existing data', async (t) => {
    const store = await fresh(t);
    if (!store) return;
    await store.addHost(1, 1, A, 80);
    await store.init();
    t.equal(await store.getVersion(), 1);
    t.same(await store.listHosts(), [{ modid: 1, cmdid: 1, ip: A, port: 80 }]);
  });

  t.test('add, list, del', async (t) => {
    const store = await fresh(t);
    if (!store) return;
    t.same(await store.addHost(1, 2, B, 9000), { status: 'added', version: 1 });
    t.same(await store.addHost(1, 2, A, 9000), { status: 'added', version: 2 });
    t.same(await store.addHost(2, 1, C, 1), { status: 'added', version: 3 });
    t.same(await store.listHosts(), [
      { modid: 1, cmdid: 2, ip: A, port: 9000 },
      { modid: 1, cmdid: 2, ip: B, port: 9000 },
      { modid: 2, cmdid: 1, ip: C, port: 1 },
    ]);
    t.same(await store.listHosts({ modid: 2 }), [{ modid: 2, cmdid: 1, ip: C, port: 1 }]);
    t.same(await store.listHosts({ cmdid: 2 }), [
      { modid: 1, cmdid: 2, ip: A, port: 9000 },
      { modid: 1, cmdid: 2, ip: B, port: 9000 },
    ]);
    t.same(await store.listHosts({ modid: 1, cmdid: 1 }), []);
    t.same(await store.delHost(1, 2, A, 9000), { status: 'deleted', version: 4 });
    t.same(await store.listHosts({ modid: 1 }), [{ modid: 1, cmdid: 2, ip: B, port: 9000 }]);
    t.equal(await store.getVersion(), 4);
  });

  t.test('addHost refuses 0.0.0.0 and 255.255.255.255 (no caller can reach them)', async (t) => {
    const store = await fresh(t);
    if (!store) return;
    for (const ip of [0, 0xffffffff]) await t.rejects(store.addHost(1, 1, ip, 80), { code: 'STORE_BAD_DATA', message: /not a host a caller can reach/ });
    t.equal(await store.getVersion(), 0, 'nothing written');
    t.same(await store.delHost(1, 1, 0, 80), { status: 'missing', version: 0 }, 'del is not refused');
  });

  t.test('duplicate add and missing del change nothing', async (t) => {
    const store = await fresh(t);
    if (!store) return;
    await store.addHost(1, 1, A, 80);
    t.same(await store.addHost(1, 1, A, 80), { status: 'exists', version: 1 });
    t.same(await store.delHost(1, 1, A, 81), { status: 'missing', version: 1 });
    t.same(await store.delHost(9, 9, A, 80), { status: 'missing', version: 1 });
    t.equal(await store.getVersion(), 1);
    t.same(await store.changesSince(0), { version: 1, keys: [{ modid: 1, cmdid: 1 }], complete: true }, 'no change rows for no-op edits');
    t.equal((await store.listHosts()).length, 1);
  });

  t.test('an edit that fails midway leaves no partial state', async (t) => {
    let failClock = false;
    const store = await fresh(t, {
      now: () => {
        if (failClock) throw new Error('clock failure injected after the RouteData write');
        return 1000;
      },
    });
    if (!store) return;
    await store.addHost(1, 1, A, 80);
    failClock = true;
    await t.rejects(store.addHost(1, 1, B, 80));
    await t.rejects(store.delHost(1, 1, A, 80));
    failClock = false;
    t.equal(await store.getVersion(), 1, 'version not bumped');
    t.same(await store.listHosts(), [{ modid: 1, cmdid: 1, ip: A, port: 80 }], 'RouteData rolled back (B not added, A not deleted)');
    t.same((await store.changesSince(0)).keys, [{ modid: 1, cmdid: 1 }]);
    t.same(await store.addHost(1, 1, B, 80), { status: 'added', version: 2 }, 'next edit gets the next version');
  });

  t.test('concurrent edits get consecutive versions and one change row each', async (t) => {
    const store = await fresh(t);
    if (!store) return;
    const edits = await Promise.all(Array.from({ length: 12 }, (_, i) => store.addHost(1, i % 3, A + i, 80)));
    t.same(edits.map((e) => e.version).sort((a, b) => a - b), Array.from({ length: 12 }, (_, i) => i + 1));
    t.ok(edits.every((e) => e.status === 'added'));
    const changes = await store.changesSince(0);
    t.equal(changes.version, 12);
    t.equal(changes.complete, true, 'every version 1..12 has its change row');
    t.equal(changes.keys.length, 3);
  });

  t.test('changesSince', async (t) => {
    const store = await fresh(t);
    if (!store) return;
    await store.addHost(1, 1, A, 80); // v1 key 1/1
    await store.addHost(2, 2, A, 80); // v2 key 2/2
    await store.delHost(1, 1, A, 80); // v3 key 1/1
    await store.addHost(3, 3, A, 80); // v4 key 3/3
    t.same(await store.changesSince(0), { version: 4, keys: [{ modid: 1, cmdid: 1 }, { modid: 2, cmdid: 2 }, { modid: 3, cmdid: 3 }], complete: true });
    t.same(await store.changesSince(2), { version: 4, keys: [{ modid: 1, cmdid: 1 }, { modid: 3, cmdid: 3 }], complete: true });
    t.same(await store.changesSince(4), { version: 4, keys: [], complete: true });
    t.same(await store.changesSince(7), { version: 4, keys: [], complete: false }, 'reader ahead of the store (reset database): reload');
  });

  t.test('loadKeys: asked keys in order, empty host list for unknown or emptied keys', async (t) => {
    const store = await fresh(t);
    if (!store) return;
    await store.addHost(5, 1, B, 2);
    await store.addHost(5, 1, A, 1);
    await store.addHost(6, 1, C, 3);
    await store.addHost(7, 1, C, 3);
    await store.delHost(7, 1, C, 3);
    t.same(await store.loadKeys([{ modid: 7, cmdid: 1 }, { modid: 5, cmdid: 1 }, { modid: 99, cmdid: 99 }, { modid: 5, cmdid: 1 }]), [
      { modid: 7, cmdid: 1, hosts: [] },
      { modid: 5, cmdid: 1, hosts: [{ ip: A, port: 1 }, { ip: B, port: 2 }] },
      { modid: 99, cmdid: 99, hosts: [] },
    ]);
    t.same(await store.loadKeys([]), []);
    const many = Array.from({ length: 450 }, (_, i) => ({ modid: i + 3, cmdid: 1 }));
    const loaded = await store.loadKeys(many);
    t.equal(loaded.length, 450, 'more keys than one statement takes');
    t.same(loaded.filter((k) => k.hosts.length > 0), [
      { modid: 5, cmdid: 1, hosts: [{ ip: A, port: 1 }, { ip: B, port: 2 }] },
      { modid: 6, cmdid: 1, hosts: [{ ip: C, port: 3 }] },
    ]);
  });

  t.test('loadAll groups by key with the version', async (t) => {
    const store = await fresh(t);
    if (!store) return;
    await store.addHost(2, 1, C, 3);
    await store.addHost(1, 1, B, 2);
    await store.addHost(1, 1, A, 1);
    t.same(await store.loadAll(), {
      version: 3,
      routes: [
        { modid: 1, cmdid: 1, hosts: [{ ip: A, port: 1 }, { ip: B, port: 2 }] },
        { modid: 2, cmdid: 1, hosts: [{ ip: C, port: 3 }] },
      ],
    });
  });

  t.test('addresses at and above 128.0.0.0 round-trip (negative on the wire)', async (t) => {
    const store = await fresh(t);
    if (!store) return;
    for (const text of ['200.1.2.3', '255.255.255.254', '128.0.0.0', '0.0.0.1', '127.0.0.1']) await store.addHost(1, 1, ipv4ToUint32(text), 7);
    const hosts = (await store.loadKeys([{ modid: 1, cmdid: 1 }]))[0]?.hosts ?? [];
    t.same(hosts.map((h) => uint32ToIpv4(h.ip)), ['0.0.0.1', '127.0.0.1', '128.0.0.0', '200.1.2.3', '255.255.255.254']);
    const wire = hosts.map((h) => uint32ToInt32(h.ip));
    t.same(wire, [1, 2130706433, -2147483648, -939458045, -2]);
    t.same(wire.map(int32ToIpv4), ['0.0.0.1', '127.0.0.1', '128.0.0.0', '200.1.2.3', '255.255.255.254']);
    t.same(await store.delHost(1, 1, ipv4ToUint32('200.1.2.3'), 7), { status: 'deleted', version: 6 });
  });

  t.test('values the schema cannot hold are STORE_BAD_DATA and write nothing', async (t) => {
    const store = await fresh(t);
    if (!store) return;
    const bad: [number, number, number, number][] = [
      [1, 1, -1, 80],
      [1, 1, 2 ** 32, 80],
      [1, 1, 1.5, 80],
      [1, 1, A, 0],
      [1, 1, A, 65536],
      [2 ** 31, 1, A, 80],
      [1, Number.NaN, A, 80],
    ];
    for (const args of bad) {
      await t.rejects(store.addHost(...args), { code: 'STORE_BAD_DATA' }, `addHost(${args.join(', ')})`);
      await t.rejects(store.delHost(...args), { code: 'STORE_BAD_DATA' }, `delHost(${args.join(', ')})`);
    }
    await t.rejects(store.loadKeys([{ modid: 2 ** 40, cmdid: 1 }]), { code: 'STORE_BAD_DATA' });
    await t.rejects(store.changesSince(-1), { code: 'STORE_BAD_DATA' });
    t.equal(await store.getVersion(), 0);
  });

  t.test('pruneChanges removes change rows by age only', async (t) => {
    let clock = 1000;
    const store = await fresh(t, { now: () => clock });
    if (!store) return;
    await store.addHost(1, 1, A, 80); // v1 at 1000
    clock = 2000;
    await store.addHost(2, 2, A, 80); // v2 at 2000
    clock = 3000;
    await store.addHost(3, 3, A, 80); // v3 at 3000
    t.equal(await store.pruneChanges(1000), 0, 'cutoff is exclusive');
    t.equal(await store.pruneChanges(2500), 2);
    t.equal(await store.pruneChanges(2500), 0);
    t.same(await store.changesSince(2), { version: 3, keys: [{ modid: 3, cmdid: 3 }], complete: true }, 'a reader at v2 still catches up');
    t.same(await store.changesSince(0), { version: 3, keys: [{ modid: 3, cmdid: 3 }], complete: false }, 'a reader at v0 must reload');
    t.equal((await store.loadAll()).routes.length, 3, 'RouteData untouched');
  });

  t.test('without init: STORE_NO_SCHEMA', async (t) => {
    const store = await fresh(t, { skipInit: true });
    if (!store) return;
    await t.rejects(store.getVersion(), { code: 'STORE_NO_SCHEMA' });
    await t.rejects(store.addHost(1, 1, A, 80), { code: 'STORE_NO_SCHEMA' });
    await t.rejects(store.loadAll(), { code: 'STORE_NO_SCHEMA' });
    await store.init();
    t.equal(await store.getVersion(), 0);
  });

  t.test('after close: STORE_CLOSED', async (t) => {
    const store = await fresh(t);
    if (!store) return;
    await store.close();
    await store.close();
    const err = await store.getVersion().catch((e: unknown) => e);
    t.ok(err instanceof StoreError && err.code === 'STORE_CLOSED' && !err.retryable, 'STORE_CLOSED, not retryable');
  });
}
