import t from 'tap';
import {
  CHECK_DEFAULTS,
  CheckSpecError,
  checkSpecFromWire,
  checkSpecOf,
  checkSpecToWire,
  parseCheckUrl,
} from '../../../actors/lb/core/healthCheckSpec.js';

t.test('tcp and http urls parse into their targets, normalised', async (t) => {
  t.same(parseCheckUrl('tcp://127.0.0.1:8080'), { url: 'tcp://127.0.0.1:8080', target: { kind: 'tcp', host: '127.0.0.1', port: 8080 } });
  t.same(parseCheckUrl('TCP://LocalHost:9/'), { url: 'tcp://localhost:9', target: { kind: 'tcp', host: 'localhost', port: 9 } });
  t.same(parseCheckUrl('http://10.0.0.5:8080/healthz?deep=1'), {
    url: 'http://10.0.0.5:8080/healthz?deep=1',
    target: { kind: 'http', host: '10.0.0.5', port: 8080, path: '/healthz?deep=1' },
  });
  t.same(parseCheckUrl('http://app.internal').target, { kind: 'http', host: 'app.internal', port: 80, path: '/' });
});

t.test('a bad url is a CheckSpecError naming the argument and the forms', async (t) => {
  const cases: Array<[unknown, RegExp]> = [
    [undefined, /^check must be tcp:\/\/HOST:PORT or http:\/\/HOST:PORT\/path, got undefined$/],
    ['', /^check must be tcp/],
    ['127.0.0.1:80', /^check must be tcp.*got "127.0.0.1:80"$/],
    ['udp://127.0.0.1:80', /got "udp:\/\/127.0.0.1:80"$/],
    ['https://127.0.0.1:443/', /https is not supported/],
    ['tcp://127.0.0.1', /needs a port from 1 to 65535/],
    ['tcp://127.0.0.1:0', /needs a port from 1 to 65535/],
    ['http://127.0.0.1:70000/', /^check must be tcp/],
    ['tcp://127.0.0.1:80/path', /a tcp check has no path/],
    ['tcp://127.0.0.1:80?x=1', /a tcp check has no path/],
    ['http://u:p@127.0.0.1:80/', /must not carry a user or password/],
    ['http://127.0.0.1:80/#top', /must not have a #fragment/],
    ['tcp://[::1]:80', /needs an IPv4 address or a host name, got "\[::1\]"/],
    ['tcp://bad_name:80', /needs an IPv4 address or a host name/],
  ];
  for (const [url, message] of cases) {
    t.throws(() => parseCheckUrl(url), { name: 'CheckSpecError', code: 'BAD_CHECK', message }, String(url));
  }
  t.throws(() => checkSpecOf({ url: 'tcp://x:1:2' }, 'service.web.check'), { message: /^service\.web\.check\.url must be/ });
});

t.test('a string check takes every default; an object overrides them, each bounded', async (t) => {
  t.same(checkSpecOf('tcp://127.0.0.1:80'), { url: 'tcp://127.0.0.1:80', target: { kind: 'tcp', host: '127.0.0.1', port: 80 }, ...CHECK_DEFAULTS });
  t.same(CHECK_DEFAULTS, { intervalMs: 5000, timeoutMs: 2000, fall: 3, rise: 2 });
  const spec = checkSpecOf({ url: 'http://127.0.0.1:81/h', intervalMs: 1000, timeoutMs: 300, fall: 1, rise: 5 });
  t.match(spec, { intervalMs: 1000, timeoutMs: 300, fall: 1, rise: 5 });
  t.throws(() => checkSpecOf({ url: 'tcp://127.0.0.1:80', intervalMs: 5 }), { message: 'check.intervalMs must be an integer from 10 to 3600000, got 5' });
  t.throws(() => checkSpecOf({ url: 'tcp://127.0.0.1:80', timeoutMs: 1.5 }), { message: /^check\.timeoutMs must be an integer/ });
  t.throws(() => checkSpecOf({ url: 'tcp://127.0.0.1:80', fall: 0 }), { message: 'check.fall must be an integer from 1 to 1000, got 0' });
  t.throws(() => checkSpecOf({ url: 'tcp://127.0.0.1:80', rise: '2' as unknown as number }), { message: 'check.rise must be an integer from 1 to 1000, got "2"' });
  t.throws(() => checkSpecOf({ url: 'tcp://127.0.0.1:80', interval: 5 } as never), { message: /unknown field "interval"/ });
  t.throws(() => checkSpecOf(42 as never), CheckSpecError);
});

t.test('wire form: 0 means the default both ways', async (t) => {
  const spec = checkSpecOf({ url: 'tcp://127.0.0.1:80', intervalMs: 750 });
  const wire = checkSpecToWire(spec);
  t.same(wire, { url: 'tcp://127.0.0.1:80', intervalMs: 750, timeoutMs: 0, fall: 0, rise: 0 });
  t.same(checkSpecFromWire(wire), spec);
  t.same(checkSpecFromWire({ url: 'tcp://127.0.0.1:80' }), checkSpecOf('tcp://127.0.0.1:80'));
  t.throws(() => checkSpecFromWire({ url: 'ftp://x:1' }), { message: /^check_spec\.url must be/ });
  t.throws(() => checkSpecFromWire({ url: 'tcp://127.0.0.1:80', fall: 5000 }), { message: /^check_spec\.fall must be an integer from 1 to 1000/ });
});
