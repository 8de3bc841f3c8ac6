/**
 * The routing-rule engine on its own: which host groups a call may go to,
 * over 10,000 calls, with no clock and no random (the sequence is the same
 * on every run, so exact counts can be asserted).
 */
import t from 'tap';
import { KeyRules } from '../../../actors/lb/core/keyRules.js';
import { parseRule } from '../../../proto/routeRule.js';

interface Host {
  name: string;
  tags?: string[];
}
const host = (name: string, ...tags: string[]): Host => (tags.length > 0 ? { name, tags } : { name });
const names = (order: readonly (readonly Host[])[]) => order.map((g) => g.map((h) => h.name).join('+'));
const rules = (...texts: string[]) => texts.map(parseRule);

const hosts = [host('a'), host('b', 'version=v1'), host('c', 'version=v2'), host('d', 'env=test', 'version=v2')];

t.test('no rules: every call may go to every host', async (t) => {
  const k = new KeyRules([], hosts);
  t.same(names(k.route()), ['a+b+c+d']);
  t.same(names(k.route(['env=test'])), ['a+b+c+d']);
});

for (const [share, every] of [
  ['5%', 20],
  ['50%', 2],
  ['0.5%', 200],
] as const) {
  t.test(`split ${share}: exactly that share of 10,000 calls, evenly spaced`, async (t) => {
    const k = new KeyRules(rules(`split version=v2 ${share}`), hosts);
    const canary: number[] = [];
    for (let i = 0; i < 10_000; i++) {
      const order = names(k.route());
      if (order[0] === 'c+d') {
        canary.push(i);
        t.same(order, ['c+d', 'a+b'], 'a canary call falls back to the rest');
      } else if (order[0] !== 'a+b' || order[1] !== 'c+d') t.fail(`call ${i}: ${order.join(' | ')}`);
    }
    t.equal(canary.length, 10_000 / every, `${share} of the calls`);
    const gaps = new Set(canary.slice(1).map((c, i) => c - (canary[i] as number)));
    t.same([...gaps], [every], `one canary call every ${every}: no bursts`);
  });
}

t.test('two splits and the rest share the calls by their shares', async (t) => {
  const k = new KeyRules(rules('split version=v2 10%', 'split version=v1 30%'), hosts);
  const counts: Record<string, number> = {};
  for (let i = 0; i < 10_000; i++) {
    const first = names(k.route())[0] as string;
    counts[first] = (counts[first] ?? 0) + 1;
  }
  t.same(counts, { 'c+d': 1000, b: 3000, a: 6000 });
});

t.test('a split whose hosts are gone gives its share back to the rest', async (t) => {
  const k = new KeyRules(rules('split version=v9 50%'), hosts);
  for (let i = 0; i < 10; i++) t.same(names(k.route()), ['a+b+c+d']);
});

t.test('when every host is a canary, the split still picks among them', async (t) => {
  const k = new KeyRules(rules('split version=v2 5%'), [host('c', 'version=v2'), host('d', 'version=v2')]);
  for (let i = 0; i < 10; i++) t.same(names(k.route()), ['c+d']);
});

t.test('a match sends callers with its tags to its hosts first, the rest after; other callers follow the splits', async (t) => {
  const k = new KeyRules(rules('match env=test -> env=test', 'split version=v2 50%'), hosts);
  for (let i = 0; i < 4; i++) t.same(names(k.route(['env=test', 'team=x'])), ['d', 'a+b+c'], 'the test caller, every time');
  t.same(names(k.route(['team=x'])), ['a+b', 'c+d'], 'a caller without the tag: split');
  t.same(names(k.route()), ['c+d', 'a+b'], 'no caller tags: split');
});

t.test('a match with no host of its tags is the plain fallback order', async (t) => {
  const k = new KeyRules(rules('match env=prod -> zone=none'), hosts);
  t.same(names(k.route(['env=prod'])), ['a+b+c+d']);
});
