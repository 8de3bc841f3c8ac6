/**
 * Routing rules of keys (store/routeRuleStore.ts) every backend must keep;
 * run by sqlite.test.ts and mysql.test.ts. One store per test: MySQL makes a
 * database for each.
 */
import type { Test } from 'tap';
import type { FreshStore } from './freshStore.js';
import { ipv4ToUint32 } from '../../../runtime/net/ipv4.js';
import { parseRule, type RouteRule } from '../../../proto/routeRule.js';

const A = ipv4ToUint32('10.0.0.1');
const rules = (...texts: string[]): RouteRule[] => texts.map(parseRule);

export function routeRuleSuite(t: Test, fresh: FreshStore): void {
  t.test("a key's rules are set, replaced and removed in order, each an audited edit with a version", async (t) => {
    const store = await fresh(t, { now: () => 1_700_000_000_000 });
    if (!store) return;
    const k11 = { modid: 1, cmdid: 1 };
    t.same(await store.listRules(), []);
    await store.addHost(1, 1, A, 80, 1, 'cli a@h');
    const before = await store.listHosts();

    const canary = rules('split version=v2 5%', 'match env=test -> env=test');
    t.same(await store.setRules(k11, canary, 'cli alice@build-3'), { status: 'set', version: 2, previous: [] });
    t.same(await store.setRules(k11, canary, 'x'), { status: 'unchanged', version: 2, previous: canary }, 'the same rules again write nothing');
    t.same(await store.setRules({ modid: -5, cmdid: 7 }, rules('split v=3 0.5%')), { status: 'set', version: 3, previous: [] }, 'a key without hosts can take rules before its first host');
    const reordered = [canary[1], canary[0]] as RouteRule[];
    t.same(await store.setRules(k11, reordered, 'console 10.0.0.9'), { status: 'set', version: 4, previous: canary }, 'order is part of the rules');
    t.same(await store.listRules(), [
      { modid: -5, cmdid: 7, rules: rules('split v=3 0.5%') },
      { modid: 1, cmdid: 1, rules: reordered },
    ]);
    t.same(await store.listRules({ modid: 1 }), [{ modid: 1, cmdid: 1, rules: reordered }], 'filtered by modid');
    t.same(await store.setRules(k11, [], 'cli bob@h'), { status: 'set', version: 5, previous: reordered }, '[] removes them');
    t.same(await store.setRules(k11, []), { status: 'unchanged', version: 5, previous: [] });
    t.same(await store.listRules({ modid: 1, cmdid: 1 }), []);

    const changes = await store.changesSince(1);
    t.same([changes.version, changes.complete], [5, true], 'each edit left a RouteChange row for its key');
    t.same(await store.listHosts(), before, 'the hosts are untouched');
    t.same(
      (await store.recentEdits(k11, 10)).map((e) => [e.action, e.detail, e.who, e.version]),
      [
        ['rules', 'rules match env=test -> env=test; split version=v2 5% -> (none)', 'cli bob@h', 5],
        ['rules', 'rules split version=v2 5%; match env=test -> env=test -> match env=test -> env=test; split version=v2 5%', 'console 10.0.0.9', 4],
        ['rules', 'rules (none) -> split version=v2 5%; match env=test -> env=test', 'cli alice@build-3', 2],
        ['add', '', 'cli a@h', 1],
      ],
      'newest first, with who; unchanged edits left no row',
    );
  });

  t.test('rules that break the rules of proto/routeRule.ts are bad data, nothing written', async (t) => {
    const store = await fresh(t);
    if (!store) return;
    const key = { modid: 1, cmdid: 1 };
    const bad: [RouteRule[], RegExp][] = [
      [[{ type: 'split', hostTags: ['version=v2'], basisPoints: 0 }], /above 0%/],
      [[{ type: 'split', hostTags: ['notatag'], basisPoints: 100 }], /not key=value/],
      [[{ type: 'match', callerTags: [], hostTags: ['a=1'] }], /write match/],
      [rules('split a=1 60%', 'split b=1 50%'), /add up to 110%/],
      [rules('split a=1 5%', 'split a=1 5%'), /twice/],
      [Array.from({ length: 17 }, (_, i) => parseRule(`split v=${i} 1%`)), /at most 16/],
    ];
    for (const [r, why] of bad) await t.rejects(store.setRules(key, r), { code: 'STORE_BAD_DATA', message: why }, String(why));
    await t.rejects(store.setRules({ modid: 2 ** 31, cmdid: 1 }, []), { code: 'STORE_BAD_DATA' });
    t.equal(await store.getVersion(), 0, 'no version bumped');
    t.same(await store.listRules(), []);
  });
}
