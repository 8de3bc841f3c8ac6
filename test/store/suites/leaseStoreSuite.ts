/**
 * LeaseStore behaviour every backend must show; run by sqlite.test.ts and
 * mysql.test.ts. Deadlines run on a hand-moved lease clock.
 */
import type { Test } from 'tap';
import type { FreshStore } from './freshStore.js';
import type { Store } from '../../../store/store.js';
import type { HostKey, LeaseInstance, LeaseOp } from '../../../store/leaseStore.js';
import { ipv4ToUint32 } from '../../../runtime/net/ipv4.js';

const A = ipv4ToUint32('10.0.0.1');
const B = ipv4ToUint32('10.0.0.2');
const C = ipv4ToUint32('10.0.0.3');
const REPLICA = 'dns test:7778';
const T0 = 1_700_000_000_000;

function inst(ip: number, over: Partial<LeaseInstance> = {}): LeaseInstance {
  return { modid: 1, cmdid: 1, ip, port: 80, weight: 1, ttlMs: 10_000, passing: true, detail: '', ...over };
}

function reg(owner: string, instance: LeaseInstance): LeaseOp {
  return { type: 'register', owner, instance };
}

function dereg(owner: string, host: HostKey): LeaseOp {
  return { type: 'deregister', owner, host };
}

async function served(store: Store, modid = 1, cmdid = 1): Promise<string[]> {
  const [k] = await store.loadKeys([{ modid, cmdid }]);
  return (k?.hosts ?? []).map((h) => `${h.ip}:${h.port}${h.weight !== undefined ? `*${h.weight}` : ''}`);
}

async function withClock(t: Test, fresh: FreshStore): Promise<{ store: Store; clock: { now: number } } | undefined> {
  const clock = { now: T0 };
  const store = await fresh(t, { leaseClock: () => clock.now, now: () => clock.now });
  return store ? { store, clock } : undefined;
}

export function leaseStoreSuite(t: Test, fresh: FreshStore): void {
  t.test('register: a row and a lease in one edit; the same again only renews', async (t) => {
    const s = await withClock(t, fresh);
    if (!s) return;
    const { store, clock } = s;
    const first = await store.applyLeases(REPLICA, [reg('agent h1', inst(A)), reg('agent h1', inst(B, { weight: 5 }))]);
    t.same(first, { results: [{ outcome: 'registered' }, { outcome: 'registered' }], changedKeys: [{ modid: 1, cmdid: 1 }], version: 1 });
    t.same(await served(store), [`${A}:80`, `${B}:80*5`]);
    t.same(await store.changesSince(0), { version: 1, keys: [{ modid: 1, cmdid: 1 }], complete: true }, 'one change row, one version');
    clock.now += 4000;
    const again = await store.applyLeases(REPLICA, [reg('agent h1', inst(A))]);
    t.same(again, { results: [{ outcome: 'renewed' }], changedKeys: [], version: 1 }, 'no version bump');
    const states = await store.listHostStates();
    t.same(states.map((h) => [h.ip, h.static, h.served, h.lease?.owner, h.lease?.remainingMs, h.lease?.replica]), [
      [A, false, true, 'agent h1', 10_000, REPLICA],
      [B, false, true, 'agent h1', 6_000, REPLICA],
    ]);
    t.equal(states[0]?.lease?.registeredAtMs, T0, 'registered_at kept by a re-registration');
    t.equal((await store.listHosts()).length, 2, 'RouteData has the rows the original DNS reads');
  });

  t.test('weight and check changes are edits; a failing instance keeps its lease, not its row', async (t) => {
    const s = await withClock(t, fresh);
    if (!s) return;
    const { store } = s;
    await store.applyLeases(REPLICA, [reg('agent h1', inst(A)), reg('agent h1', inst(B))]);
    t.same((await store.applyLeases(REPLICA, [reg('agent h1', inst(A, { weight: 7 }))])).results, [{ outcome: 'updated' }]);
    t.same(await served(store), [`${A}:80*7`, `${B}:80`]);
    const failing = await store.applyLeases(REPLICA, [reg('agent h1', inst(B, { passing: false, detail: 'connect ECONNREFUSED' }))]);
    t.same(failing, { results: [{ outcome: 'updated' }], changedKeys: [{ modid: 1, cmdid: 1 }], version: 3 });
    t.same(await served(store), [`${A}:80*7`], 'withdrawn');
    const b = (await store.listHostStates()).find((h) => h.ip === B);
    t.same([b?.served, b?.lease?.passing, b?.lease?.detail], [false, false, 'connect ECONNREFUSED'], 'listed with its check state');
    const stillFailing = await store.applyLeases(REPLICA, [reg('agent h1', inst(B, { passing: false, detail: 'timeout' }))]);
    t.same([stillFailing.results, stillFailing.version], [[{ outcome: 'updated' }], 3], 'a new error text is written, nothing served changed');
    t.same((await store.applyLeases(REPLICA, [reg('agent h1', inst(B))])).version, 4);
    t.same(await served(store), [`${A}:80*7`, `${B}:80`], 'passing again: back');
  });

  t.test('deregister: only the holder; the row it owns goes with it', async (t) => {
    const s = await withClock(t, fresh);
    if (!s) return;
    const { store } = s;
    await store.applyLeases(REPLICA, [reg('agent h1', inst(A)), reg('agent h1', inst(B))]);
    t.same((await store.applyLeases(REPLICA, [dereg('agent other', inst(A))])).results, [{ outcome: 'notHeld' }], 'another owner cannot');
    t.same((await store.applyLeases(REPLICA, [dereg('agent h1', inst(C))])).results, [{ outcome: 'notHeld' }], 'unknown host');
    const gone = await store.applyLeases(REPLICA, [dereg('agent h1', inst(A))]);
    t.same(gone, { results: [{ outcome: 'deregistered' }], changedKeys: [{ modid: 1, cmdid: 1 }], version: 2 });
    t.same(await served(store), [`${B}:80`]);
    t.same((await store.listHostStates()).map((h) => h.ip), [B], 'lease gone too');
    const both = await store.applyLeases(REPLICA, [reg('agent h1', inst(C)), dereg('agent h1', inst(C))]);
    t.same([both.results, both.changedKeys], [[{ outcome: 'registered' }, { outcome: 'deregistered' }], []], 'ops apply in order: nothing left, nothing changed');
  });

  t.test('a static host: registered without a duplicate row, never removed by its registration', async (t) => {
    const s = await withClock(t, fresh);
    if (!s) return;
    const { store, clock } = s;
    await store.addHost(1, 1, A, 80);
    const r = await store.applyLeases(REPLICA, [reg('agent h1', inst(A, { weight: 9 }))]);
    t.same([r.results, r.changedKeys, r.version], [[{ outcome: 'registered' }], [], 1], 'nothing served changed');
    t.same(await store.listHosts(), [{ modid: 1, cmdid: 1, ip: A, port: 80 }], 'one row, the operator\'s weight');
    t.same((await store.listHostStates()).map((h) => [h.static, h.lease?.owner]), [[true, 'agent h1']]);
    await store.applyLeases(REPLICA, [dereg('agent h1', inst(A))]);
    t.same(await served(store), [`${A}:80`], 'deregistered, still served');
    await store.applyLeases(REPLICA, [reg('agent h1', inst(A))]);
    clock.now += 20_000;
    t.same((await store.expireLapsed({ protectShare: 0.5 })).expired, 1);
    t.same(await served(store), [`${A}:80`], 'expired, still served');
    t.same((await store.listHostStates()).map((h) => [h.static, h.lease]), [[true, undefined]]);
  });

  t.test('route add makes a registered host static; route del removes its lease too', async (t) => {
    const s = await withClock(t, fresh);
    if (!s) return;
    const { store } = s;
    await store.applyLeases(REPLICA, [reg('agent h1', inst(A)), reg('agent h1', inst(B))]);
    t.same(await store.addHost(1, 1, A, 80), { status: 'exists', version: 1 });
    await store.applyLeases(REPLICA, [dereg('agent h1', inst(A))]);
    t.same(await served(store), [`${A}:80`, `${B}:80`], 'A stayed: static now');
    t.same(await store.delHost(1, 1, B, 80), { status: 'deleted', version: 2 });
    t.same((await store.listHostStates()).map((h) => [h.ip, h.lease?.owner]), [[A, undefined]], 'B has no lease left');
    t.same((await store.renewLeases([{ owner: 'agent h1', host: inst(B) }])).missing, [0], 'its next renewal finds it gone (and registers again)');
  });

  t.test('renewals: one batch moves deadlines, tells missing and moved leases apart, never bumps the version', async (t) => {
    const s = await withClock(t, fresh);
    if (!s) return;
    const { store, clock } = s;
    await store.applyLeases(REPLICA, [reg('agent h1', inst(A)), reg('agent h1', inst(B, { ttlMs: 3000 })), reg('agent h2', inst(C))]);
    clock.now += 2000;
    const renewed = await store.renewLeases([{ owner: 'agent h1', host: inst(A) }, { owner: 'agent h1', host: inst(B) }]);
    t.same(renewed, { renewed: 2, missing: [], moved: [] });
    t.same((await store.listHostStates()).map((h) => h.lease?.remainingMs), [10_000, 3000, 8000], 'each lease by its own ttl');
    await store.applyLeases(REPLICA, [reg('agent h3', inst(A))]);
    await store.applyLeases(REPLICA, [dereg('agent h2', inst(C))]);
    const mixed = await store.renewLeases([{ owner: 'agent h1', host: inst(A) }, { owner: 'agent h1', host: inst(B) }, { owner: 'agent h2', host: inst(C) }]);
    t.same(mixed, { renewed: 1, missing: [2], moved: [0] });
    t.equal(await store.getVersion(), 2, 'an owner move changes nothing served: the deregistration was the only edit');
    const many = Array.from({ length: 6000 }, (_, i) => ({ owner: 'agent h1', host: inst(ipv4ToUint32('10.1.0.0') + i) }));
    const big = await store.renewLeases(many);
    t.same([big.renewed, big.missing.length, big.moved.length], [0, 6000, 0], 'more renewals than one statement takes');
  });

  t.test('expiry: lapsed leases go in one edit, once, whoever sweeps', async (t) => {
    const s = await withClock(t, fresh);
    if (!s) return;
    const { store, clock } = s;
    await store.applyLeases(REPLICA, [
      reg('agent h1', inst(A)),
      reg('agent h1', inst(B, { modid: 2 })),
      reg('agent h1', inst(C, { ttlMs: 60_000 })),
      reg('agent h2', inst(C, { modid: 3, ttlMs: 60_000 })),
    ]);
    clock.now += 9_999;
    t.same((await store.expireLapsed({ protectShare: 0.5 })).expired, 0, 'not yet');
    clock.now += 2;
    const sweep = await store.expireLapsed({ protectShare: 0.5 });
    t.same(sweep, { leases: 4, lapsed: 2, late: 2, lateOwners: 1, paused: false, expired: 2, version: 2, nextDeadlineInMs: 49_999 }, 'the next sweep is due at the soonest deadline left (C, 60 s)');
    t.same((await store.changesSince(1)).keys, [{ modid: 1, cmdid: 1 }, { modid: 2, cmdid: 1 }], 'a change row per key, one version');
    t.same(await served(store), [`${C}:80`]);
    t.same(await served(store, 2), []);
    t.same((await store.expireLapsed({ protectShare: 0.5 })).expired, 0, 'a second sweep finds nothing');
    t.equal(await store.getVersion(), 2);
  });

  t.test('expiry pauses while more than protect_share of the leases of several owners are late, and resumes', async (t) => {
    const s = await withClock(t, fresh);
    if (!s) return;
    const { store, clock } = s;
    const ops = [A, B, C].flatMap((ip, i) => [reg('agent h1', inst(ip, { cmdid: i })), reg('agent h2', inst(ip, { cmdid: 10 + i }))]);
    await store.applyLeases(REPLICA, [...ops, reg('agent h3', inst(A, { modid: 9, ttlMs: 600_000 }))]);
    clock.now += 10_001;
    const paused = await store.expireLapsed({ protectShare: 0.5 });
    t.same(paused, { leases: 7, lapsed: 6, late: 6, lateOwners: 2, paused: true, expired: 0, version: undefined, nextDeadlineInMs: 589_999 });
    t.equal((await store.listHostStates()).length, 7, 'nothing removed');
    t.equal(await store.getVersion(), 1);
    t.same((await store.expireLapsed({ protectShare: 1 })).paused, false, 'protect_share 1 never pauses');
    t.equal((await store.listHostStates()).length, 1);
  });

  t.test('expiry: renewals recovering end the pause; one owner gone is not a collapse', async (t) => {
    const s = await withClock(t, fresh);
    if (!s) return;
    const { store, clock } = s;
    const h1 = [A, B, C].map((ip) => reg('agent h1', inst(ip)));
    await store.applyLeases(REPLICA, [...h1, reg('agent h2', inst(A, { cmdid: 2 }))]);
    clock.now += 10_001;
    t.same((await store.expireLapsed({ protectShare: 0.5 })).paused, true, 'both owners silent');
    await store.renewLeases(h1.map((op) => ({ owner: op.owner, host: (op as { instance: LeaseInstance }).instance })));
    const resumed = await store.expireLapsed({ protectShare: 0.5 });
    t.same([resumed.paused, resumed.expired, resumed.late, resumed.lateOwners], [false, 1, 1, 1], 'h1 renews again: h2 (a quarter of the leases) expires');
    clock.now += 10_001;
    const oneOwner = await store.expireLapsed({ protectShare: 0.5 });
    t.same([oneOwner.paused, oneOwner.expired], [false, 3], 'every lease late, but all one owner\'s: a host down, expired');
  });

  t.test('an instance registered by another owner moves to it', async (t) => {
    const s = await withClock(t, fresh);
    if (!s) return;
    const { store } = s;
    await store.applyLeases(REPLICA, [reg('agent h1', inst(A))]);
    const moved = await store.applyLeases('dns other:7778', [reg('client h2:99', inst(A))]);
    t.same([moved.results, moved.changedKeys], [[{ outcome: 'updated' }], []]);
    t.same((await store.listHostStates()).map((h) => [h.lease?.owner, h.lease?.replica]), [['client h2:99', 'dns other:7778']]);
  });

  t.test('drain: out of service across re-registration until enabled', async (t) => {
    const s = await withClock(t, fresh);
    if (!s) return;
    const { store } = s;
    await store.addHost(1, 1, A, 80);
    await store.applyLeases(REPLICA, [reg('agent h1', inst(B))]);
    t.same(await store.drainHost(inst(B), 'ops@console'), { status: 'drained', version: 3 });
    t.same(await store.drainHost(inst(B), 'ops@console'), { status: 'already', version: 3 });
    t.same(await store.drainHost(inst(C), 'ops'), { status: 'missing', version: 3 });
    t.same(await store.drainHost(inst(A), 'ops'), { status: 'drained', version: 4 }, 'a static host too');
    t.same(await store.changesSince(2), { version: 4, keys: [{ modid: 1, cmdid: 1 }], complete: true });
    await store.applyLeases(REPLICA, [dereg('agent h1', inst(B))]);
    await store.applyLeases(REPLICA, [reg('agent h1', inst(B))]);
    const states = await store.listHostStates();
    t.same(states.map((h) => [h.ip, h.served, h.drained?.who]), [[A, false, 'ops'], [B, false, 'ops@console']], 'still drained after registering again');
    t.same(await served(store), [], 'DNS serves neither');
    t.same((await store.loadAll()).routes, [], 'the full reload agrees');
    t.equal((await store.listHosts()).length, 2, 'both rows stay in RouteData');
    t.same(await store.enableHost(inst(B)), { status: 'enabled', version: 7 });
    t.same(await store.enableHost(inst(B)), { status: 'notDrained', version: 7 });
    t.same((await store.listHostStates()).map((h) => [h.ip, h.served]), [[A, false], [B, true]]);
    t.same(await served(store), [`${B}:80`]);
    t.same((await store.loadAll()).routes, [{ modid: 1, cmdid: 1, hosts: [{ ip: B, port: 80 }] }]);
  });

  t.test('a static host whose registration fails its check is not served, its row kept', async (t) => {
    const s = await withClock(t, fresh);
    if (!s) return;
    const { store } = s;
    await store.addHost(1, 1, A, 80);
    await store.addHost(1, 1, B, 80);
    const failing = await store.applyLeases(REPLICA, [reg('agent h1', inst(A, { passing: false, detail: 'HTTP 503' }))]);
    t.same([failing.changedKeys, failing.version], [[{ modid: 1, cmdid: 1 }], 3], 'a change of what is served');
    t.same(await served(store), [`${B}:80`]);
    t.same((await store.loadAll()).routes, [{ modid: 1, cmdid: 1, hosts: [{ ip: B, port: 80 }] }]);
    t.equal((await store.listHosts()).length, 2, 'the operator\'s row is untouched');
    await store.applyLeases(REPLICA, [dereg('agent h1', inst(A))]);
    t.same(await served(store), [`${A}:80`, `${B}:80`], 'its registration gone: served as static again');
  });

  t.test('a key that would pass the wire limit refuses the registrations that do not fit', async (t) => {
    const s = await withClock(t, fresh);
    if (!s) return;
    const { store } = s;
    const base = ipv4ToUint32('200.0.0.1');
    const ops = Array.from({ length: 4000 }, (_, i) => reg('agent big', inst(base + i, { port: 65_000, weight: 999 })));
    const edit = await store.applyLeases(REPLICA, ops);
    const taken = edit.results.filter((r) => r.outcome === 'registered').length;
    t.ok(taken > 3000 && taken < 4000, `${taken} taken`);
    t.match(edit.results[taken], { outcome: 'refused', reason: /over the 65527-byte wire limit/ });
    t.equal((await store.listHostStates()).length, taken, 'the refused ones have no lease either');
    await t.rejects(store.addHost(1, 1, base + 5000, 65_000, 999), { code: 'STORE_BAD_DATA' }, 'route add agrees the key is full');
  });

  t.test('bad values are STORE_BAD_DATA and write nothing', async (t) => {
    const s = await withClock(t, fresh);
    if (!s) return;
    const { store } = s;
    for (const [what, op] of [
      ['ttl', reg('agent h1', inst(A, { ttlMs: 999 }))],
      ['ttl', reg('agent h1', inst(A, { ttlMs: 600_001 }))],
      ['weight', reg('agent h1', inst(A, { weight: 0 }))],
      ['ip', reg('agent h1', inst(0))],
      ['port', reg('agent h1', inst(A, { port: 0 }))],
      ['owner', reg('', inst(A))],
      ['owner', reg('x'.repeat(256), inst(A))],
    ] as const) {
      await t.rejects(store.applyLeases(REPLICA, [op]), { code: 'STORE_BAD_DATA' }, what);
    }
    const long = await store.applyLeases(REPLICA, [reg('agent h1', inst(A, { passing: false, detail: 'e'.repeat(2000) }))]);
    t.same(long.results, [{ outcome: 'registered' }], 'a long check error is cut, not refused');
    t.equal((await store.listHostStates())[0]?.lease?.detail.length, 500);
  });

  t.test('without the lease tables: STORE_NO_SCHEMA', async (t) => {
    const store = await fresh(t, { skipInit: true });
    if (!store) return;
    await t.rejects(store.applyLeases(REPLICA, [reg('agent h1', inst(A))]), { code: 'STORE_NO_SCHEMA', message: /lars db init/ });
    await t.rejects(store.expireLapsed({ protectShare: 0.5 }), { code: 'STORE_NO_SCHEMA' });
    await store.init();
    t.same((await store.applyLeases(REPLICA, [reg('agent h1', inst(A))])).results, [{ outcome: 'registered' }], 'found after init without a restart');
  });
}
