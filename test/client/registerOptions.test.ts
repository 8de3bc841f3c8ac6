import t from 'tap';
import { checkRegisterOptions } from '../../client/registration.js';
import { LarsArgumentError } from '../../client/larsError.js';
import { ipv4ToInt32 } from '../../runtime/net/ipv4.js';

const base = { modid: 1, cmdid: 2, ip: '10.0.0.5', port: 8080 };

t.test('good options come out in wire form with the defaults', async (t) => {
  const r = checkRegisterOptions(base);
  t.same(r.instance, { modid: 1, cmdid: 2, ip: ipv4ToInt32('10.0.0.5'), port: 8080, weight: 0, ttlMs: 10_000 });
  t.equal(r.check, undefined);
  const c = checkRegisterOptions({ ...base, weight: 5, ttlMs: 3000, check: 'http://127.0.0.1:8080/health' });
  t.equal(c.instance.weight, 5);
  t.equal(c.instance.ttlMs, 3000);
  t.equal(c.check?.url, 'http://127.0.0.1:8080/health');
  t.equal(c.check?.fall, 3);
});

t.test('each bad argument is a LarsArgumentError naming it', async (t) => {
  const cases: Array<[unknown, RegExp]> = [
    [undefined, /register\(\) takes/],
    [{ ...base, ip: '0.0.0.0' }, /0\.0\.0\.0 is not a host address/],
    [{ ...base, ip: '255.255.255.255' }, /broadcast/],
    [{ ...base, ip: '239.1.2.3' }, /multicast/],
    [{ ...base, ip: 'host.example' }, /ip must be an IPv4 address/],
    [{ ...base, ip: 167772165 }, /ip must be an IPv4 address/],
    [{ ...base, port: 0 }, /port 0 is outside 1-65535/],
    [{ ...base, port: 65536 }, /port 65536/],
    [{ ...base, port: '80' }, /port must be an integer/],
    [{ ...base, weight: 1001 }, /weight 1001 is outside 0-1000/],
    [{ ...base, weight: 1.5 }, /weight 1.5/],
    [{ ...base, ttlMs: 999 }, /ttlMs 999 is outside 1000-600000/],
    [{ ...base, modid: 2 ** 31 }, /modid must be a 32-bit integer/],
    [{ ...base, check: 'https://x:1/' }, /https is not supported/],
    [{ ...base, check: { url: 'tcp://127.0.0.1:1', fall: 0 } }, /check.fall must be an integer from 1/],
    [{ ...base, tll: 5 }, /no option "tll"/],
  ];
  for (const [opts, re] of cases) {
    let thrown: unknown;
    try {
      checkRegisterOptions(opts);
    } catch (err) {
      thrown = err;
    }
    t.ok(thrown instanceof LarsArgumentError, `${String(re)}: a LarsArgumentError`);
    t.match((thrown as Error | undefined)?.message ?? '', re);
  }
});
