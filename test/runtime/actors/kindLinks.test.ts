import t from 'tap';
import { KindLinks } from '../../../runtime/actors/kindLinks.js';
import type { AnyRoleSpec } from '../../../runtime/actors/actorSpec.js';

const spec = (links: Array<readonly [string, string]>): AnyRoleSpec => ({
  role: 'r',
  actors: [
    { kind: 'a', module: 'file:///a.js', count: 3 },
    { kind: 'b', module: 'file:///b.js' },
    { kind: 'c', module: 'file:///c.js', count: 2 },
  ],
  links,
});

t.test('links go both ways, in the order the spec names them', async (t) => {
  const links = new KindLinks(spec([['a', 'c'], ['b', 'a']]));
  t.same(links.of('a'), ['c', 'b']);
  t.same(links.of('b'), ['a']);
  t.same(links.of('c'), ['a']);
  t.same(links.of('nobody'), []);
});

t.test('peers carry the instance count of their kind (1 when unset)', async (t) => {
  const links = new KindLinks(spec([['a', 'b'], ['a', 'c']]));
  t.same(links.peersOf('a'), [
    { kind: 'b', count: 1 },
    { kind: 'c', count: 2 },
  ]);
  t.same(links.peersOf('c'), [{ kind: 'a', count: 3 }]);
});

t.test('a link naming an unknown kind is refused with BAD_ROLE_SPEC', async (t) => {
  t.throws(() => new KindLinks(spec([['a', 'zz']])), { code: 'BAD_ROLE_SPEC', message: 'role r: link names unknown kind "zz"' });
});
