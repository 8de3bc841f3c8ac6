import t from 'tap';
import { parseStoreUrl, redactStoreUrl } from '../../store/storeUrl.js';

t.test('accepted URLs', async (t) => {
  t.same(parseStoreUrl('sqlite:./lars.db'), { kind: 'sqlite', path: './lars.db' });
  t.same(parseStoreUrl('sqlite:/var/lib/lars/lars.db'), { kind: 'sqlite', path: '/var/lib/lars/lars.db' });
  t.same(parseStoreUrl('sqlite::memory:'), { kind: 'sqlite', path: ':memory:' });
  t.same(parseStoreUrl('mysql://root@127.0.0.1:3306/lars'), { kind: 'mysql', hosts: [{ host: '127.0.0.1', port: 3306 }], user: 'root', password: '', database: 'lars' });
  t.same(parseStoreUrl('mysql://lars:p%40ss%3Aw@db.example:3307/lars_prod'), {
    kind: 'mysql', hosts: [{ host: 'db.example', port: 3307 }], user: 'lars', password: 'p@ss:w', database: 'lars_prod',
  });
  t.same(parseStoreUrl('mysql://u@h/lars'), { kind: 'mysql', hosts: [{ host: 'h', port: 3306 }], user: 'u', password: '', database: 'lars' }, 'default port');
});

t.test('host lists keep their order, each with its own port', async (t) => {
  t.same(parseStoreUrl('mysql://root:s%2Cx@h1:3306,h2:3307,[::1],h4/lars'), {
    kind: 'mysql',
    hosts: [{ host: 'h1', port: 3306 }, { host: 'h2', port: 3307 }, { host: '::1', port: 3306 }, { host: 'h4', port: 3306 }],
    user: 'root', password: 's,x', database: 'lars',
  });
  for (const bad of ['mysql://u@h1:1,/db', 'mysql://u@,h2/db', 'mysql://u@h1,h2:99999/db', 'mysql://u@h1,h2:x/db', 'mysql://h1,h2/db', `mysql://u@${Array.from({ length: 65 }, (_, i) => `h${i}`).join(',')}/db`]) {
    t.throws(() => parseStoreUrl(bad), { code: 'USAGE', exitCode: 2 }, bad);
  }
});

t.test('rejected URLs are one-line UsageErrors without the password', async (t) => {
  for (const bad of ['', 'lars.db', 'sqlite:', 'postgres://u@h/db', 'mysql://', 'mysql://h:3306/db', 'mysql://u@h:3306/', 'mysql://u@h:3306/a/b', 'mysql://u@h:3306/db?ssl=1', 'mysql://u@h:99999/db', 'mysql://u@h/bad`name']) {
    t.throws(() => parseStoreUrl(bad), { code: 'USAGE', exitCode: 2 }, JSON.stringify(bad));
  }
  const err = (() => {
    try {
      parseStoreUrl('mysql://u:secret@h:3306/');
    } catch (e) {
      return e as Error;
    }
    return undefined;
  })();
  t.ok(err && !err.message.includes('secret') && !err.message.includes('\n'), err?.message ?? 'no error thrown');
  t.equal(redactStoreUrl('mysql://u:secret@h:1/d'), 'mysql://u:***@h:1/d');
  t.equal(redactStoreUrl('mysql://u@h:1/d'), 'mysql://u@h:1/d');
});
