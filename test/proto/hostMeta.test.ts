/**
 * The one set of rules for a host's zone and tags: what passes, what is
 * refused with a message echoing the typed text, and the one form they are
 * kept in (no empty zone, tags sorted by key).
 */
import t from 'tap';
import { lars } from '../../proto/generated/lars.js';
import { instanceFields, instanceProblem, instanceToAgent, instanceToDns } from '../../proto/registration.js';
import { checkHostMeta, HostMetaError, hostMetaProblem, sameHostMeta, tagsFromText, tagsText, MAX_TAGS } from '../../proto/hostMeta.js';

t.test('good zones and tags pass, in their one form', async (t) => {
  t.same(checkHostMeta({}), {}, 'nothing given');
  t.same(checkHostMeta({ zone: '', tags: [] }), {}, 'empty zone and list are none');
  t.same(checkHostMeta({ zone: 'eu-west-1a' }), { zone: 'eu-west-1a' });
  t.same(checkHostMeta({ zone: 'A.b_c-9'.padEnd(32, 'x') }), { zone: 'A.b_c-9'.padEnd(32, 'x') }, '32 characters');
  t.same(checkHostMeta({ tags: ['version=v2', 'app/tier=web', 'canary=a=b'] }), { tags: ['app/tier=web', 'canary=a=b', 'version=v2'] }, 'sorted by key; a value may hold "="');
  const eight = Array.from({ length: MAX_TAGS }, (_, i) => `k${i}=${'v'.repeat(64)}`);
  t.same(checkHostMeta({ tags: eight }).tags, eight, '8 tags, 64-character values');
  t.same(checkHostMeta({ tags: [`${'k'.repeat(64)}=~!"#$%&'()*+-./:;<>?@[]^_\`{|}`] }).tags?.length, 1, '64-character key, punctuation in the value');
});

t.test('bad zones and tags are refused, naming the text as typed', async (t) => {
  const cases: Array<[{ zone?: string; tags?: string[] }, RegExp]> = [
    [{ zone: 'eu west' }, /^zone "eu west": only letters/],
    [{ zone: 'z'.repeat(33) }, /^zone "z{33}" is longer than 32/],
    [{ zone: 'é' }, /^zone "é"/],
    [{ zone: 'a\nb' }, /^zone "a\\nb"/],
    [{ tags: ['version'] }, /^tag "version" is not key=value/],
    [{ tags: ['=v2'] }, /both key and value/],
    [{ tags: ['version='] }, /both key and value/],
    [{ tags: ['ver sion=v2'] }, /a key has only/],
    [{ tags: ['version=v 2'] }, /a value has only printable ASCII/],
    [{ tags: ['version=v2,v3'] }, /no spaces or commas/],
    [{ tags: [`${'k'.repeat(65)}=v`] }, /key longer than 64/],
    [{ tags: [`k=${'v'.repeat(65)}`] }, /value longer than 64/],
    [{ tags: ['a=1', 'a=2'] }, /^tag key "a" given twice/],
    [{ tags: Array.from({ length: 9 }, (_, i) => `k${i}=v`) }, /^9 tags: at most 8/],
  ];
  for (const [meta, re] of cases) {
    t.match(hostMetaProblem(meta), re, JSON.stringify(meta));
    t.throws(() => checkHostMeta(meta), { code: 'BAD_HOST_META', message: re });
  }
  t.ok(new HostMetaError('x') instanceof Error);
});

t.test('comparison and the stored text', async (t) => {
  t.ok(sameHostMeta({}, { zone: '', tags: [] }), 'absent and empty alike');
  t.notOk(sameHostMeta({ zone: 'a' }, {}));
  t.notOk(sameHostMeta({ tags: ['a=1'] }, { tags: ['a=2'] }));
  t.equal(tagsText(['a=1', 'b=2']), 'a=1,b=2');
  t.same(tagsFromText('a=1,b=2'), ['a=1', 'b=2']);
  t.same(tagsFromText(''), []);
  t.same(tagsFromText(null), []);
});

t.test('registration Instance.zone (7) and tags (8): carried when set, absent otherwise, checked by the same rules', async (t) => {
  const plain = { modid: 1, cmdid: 2, ip: 0x0a000001, port: 80, weight: 0, ttlMs: 10_000 };
  t.same(Buffer.from(lars.Instance.encode(instanceToDns(plain)).finish()), Buffer.from(lars.Instance.encode({ ...plain }).finish()), 'no zone or tags: the bytes of before');
  const sent = instanceToAgent({ ...plain, zone: 'eu-1', tags: ['version=v2'] });
  const read = instanceFields(lars.Instance.decode(lars.Instance.encode(sent).finish()));
  t.same([read.zone, read.tags], ['eu-1', ['version=v2']], 'app -> agent');
  t.same(lars.Instance.decode(lars.Instance.encode(instanceToDns(read)).finish()).zone, 'eu-1', 'agent -> DNS');
  t.equal(instanceProblem(read), undefined);
  t.match(instanceProblem({ ...plain, zone: 'eu west' }), /^zone "eu west"/, 'a bad zone is refused with its reason');
  t.match(instanceProblem({ ...plain, tags: ['x'] }), /^tag "x" is not key=value/);
});
