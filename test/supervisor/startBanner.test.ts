/** The `--role all` banner: where each role listens, the admin URL, what to try. */
import t from 'tap';
import { startBanner, type BannerRole } from '../../tools/start/startBanner.js';

const roles = (dnsPort: number, basePort: number): BannerRole[] => [
  { role: 'dns', sections: { dns: { ip: '127.0.0.1', port: dnsPort } } },
  { role: 'reporter', sections: { reporter: { ip: '127.0.0.1', port: 7779 } } },
  { role: 'agent', sections: { agent: { ip: '127.0.0.1', base_port: basePort } } },
];

t.test('default ports', async (t) => {
  const b = startBanner(roles(7778, 8888), 'http://127.0.0.1:9778', 'mysql://root:secret@db:3306/lars');
  t.equal(
    b,
    [
      '  dns       tcp 127.0.0.1:7778',
      '  reporter  tcp 127.0.0.1:7779',
      '  agent     udp 127.0.0.1:8888-8890',
      '  admin     http://127.0.0.1:9778/metrics  http://127.0.0.1:9778/healthz',
      '  store     mysql://root:***@db:3306/lars',
      'Try:',
      '  npx lars get-host --modid 1 --cmdid 1',
      '  npx lars simulator --modid 1 --cmdid 1 --fail 10.0.0.2:8002=0.5 --seconds 30',
      'Ctrl-C stops.',
    ].join('\n'),
  );
});

t.test('other agent ports go into the commands; port 0 points at the log; no --store, no store line', async (t) => {
  const b = startBanner(roles(0, 20000), 'http://127.0.0.1:1234', undefined);
  t.match(b, '  dns       tcp 127.0.0.1, a free port (logged above)\n');
  t.match(b, 'npx lars get-host --modid 1 --cmdid 1 --base-port 20000\n');
  t.match(b, '--fail 10.0.0.2:8002=0.5 --seconds 30 --base-port 20000\n');
  t.notMatch(b, /store/);
});
