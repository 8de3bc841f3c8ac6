import t from 'tap';
import { int32ToIpv4, int32ToUint32, ipv4ToInt32, ipv4ToUint32, uint32ToInt32, uint32ToIpv4 } from '../../../runtime/net/ipv4.js';

t.test('text ↔ uint32 ↔ int32 round trips', async (t) => {
  const cases: [string, number, number][] = [
    ['0.0.0.0', 0, 0],
    ['127.0.0.1', 2130706433, 2130706433],
    ['127.255.255.255', 0x7fffffff, 0x7fffffff],
    ['128.0.0.0', 0x80000000, -2147483648],
    ['200.1.2.3', 3355509251, -939458045],
    ['255.255.255.255', 4294967295, -1],
  ];
  for (const [text, u, i] of cases) {
    t.equal(ipv4ToUint32(text), u, `${text} → uint32`);
    t.equal(uint32ToIpv4(u), text, `uint32 → ${text}`);
    t.equal(uint32ToInt32(u), i, `${text} uint32 → int32`);
    t.equal(int32ToUint32(i), u, `${text} int32 → uint32`);
    t.equal(ipv4ToInt32(text), i, `${text} → int32`);
    t.equal(int32ToIpv4(i), text, `int32 → ${text}`);
  }
});

t.test('bad input is BAD_IPV4', async (t) => {
  for (const text of ['', '1.2.3', '1.2.3.4.5', '256.0.0.1', '01.2.3.4', ' 1.2.3.4', 'a.b.c.d', '1.2.3.-4']) {
    t.throws(() => ipv4ToUint32(text), { code: 'BAD_IPV4' }, JSON.stringify(text));
  }
  for (const n of [-1, 2 ** 32, 1.5, Number.NaN]) t.throws(() => uint32ToIpv4(n), { code: 'BAD_IPV4' }, `uint32 ${n}`);
  for (const n of [2 ** 31, -(2 ** 31) - 1, 0.5]) t.throws(() => int32ToUint32(n), { code: 'BAD_IPV4' }, `int32 ${n}`);
});
