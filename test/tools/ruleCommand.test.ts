/** `lars rule set|del|list`, in process: the rules a key gets, the words for bad ones, exit statuses and the audit. */
import t from 'tap';
import { join } from 'node:path';
import { larsInProcess } from '../helpers/larsInProcess.js';
import { openStore } from '../../store/openStore.js';

t.test('rules are set, listed, replaced and removed; each a versioned, audited edit', async (t) => {
  const path = join(t.testdir(), 'rules.db');
  const store = ['--store', `sqlite:${path}`];
  t.equal((await larsInProcess('db', 'init', ...store)).code, 0);
  t.same(await larsInProcess('rule', 'list', ...store), { code: 0, out: 'no routing rules (lars rule set --modid M --cmdid C "split version=v2 5%" gives one)\n', err: '' });

  let r = await larsInProcess('rule', 'set', '--modid', '1', '--cmdid', '2', 'split version=v2 5%', 'match env=test -> env=test', ...store);
  t.same([r.code, r.out], [0, 'rules of route 1/2: split version=v2 5%; match env=test -> env=test (was (none); route version 1)\n']);
  r = await larsInProcess('rule', 'set', '--modid', '1', '--cmdid', '2', 'split  version=v2   5%', 'match env=test -> env=test', ...store);
  t.same([r.code, r.err], [1, 'lars: route 1/2 already has these rules: nothing changed\n'], 'the same rules, however spaced: exit 1');
  await larsInProcess('service', 'set', '--modid', '3', '--cmdid', '3', 'pay.put', ...store);
  r = await larsInProcess('rule', 'set', '--service', 'pay.put', 'split pool=b,v=3 0.5%', '--json', ...store);
  t.same([r.code, JSON.parse(r.out)], [0, { status: 'set', version: 3, modid: 3, cmdid: 3, rules: ['split pool=b,v=3 0.5%'], previous: [] }], 'by service name, --json');

  r = await larsInProcess('rule', 'list', ...store);
  t.same(r.out, 'KEY  RULE\n1/2  split version=v2 5%\n1/2  match env=test -> env=test\n3/3  split pool=b,v=3 0.5%\n');
  r = await larsInProcess('rule', 'list', '--service', 'pay.put', '--json', ...store);
  t.same(JSON.parse(r.out), { keys: [{ modid: 3, cmdid: 3, rules: ['split pool=b,v=3 0.5%'] }] }, 'filtered by name');

  r = await larsInProcess('rule', 'del', '--modid', '1', '--cmdid', '2', ...store);
  t.same([r.code, r.out], [0, 'rules of route 1/2: (none) (was split version=v2 5%; match env=test -> env=test; route version 4)\n']);
  r = await larsInProcess('rule', 'del', '--modid', '1', '--cmdid', '2', ...store);
  t.same([r.code, r.err], [1, 'lars: route 1/2 already has no rules: nothing changed\n']);

  const s = await openStore(`sqlite:${path}`);
  const edits = await s.recentEdits({ modid: 1, cmdid: 2 }, 5);
  await s.close();
  t.same(edits.map((e) => [e.version, e.action, e.who.startsWith('cli ')]), [[4, 'rules', true], [1, 'rules', true]], 'audited with the CLI user');
});

t.test('bad rules and bad arguments: one line saying what to write, exit 2, nothing written', async (t) => {
  const path = join(t.testdir(), 'bad.db');
  const store = ['--store', `sqlite:${path}`];
  await larsInProcess('db', 'init', ...store);
  const usage: Array<[string[], RegExp]> = [
    [['rule', 'set', '--modid', '1', '--cmdid', '1'], /^lars: rule set: missing RULE/],
    [['rule', 'set', '--modid', '1', '--cmdid', '1', 'split version=v2 1e1%'], /^lars: rule "split version=v2 1e1%": write split TAG\[,TAG\.\.\.\] PERCENT%/],
    [['rule', 'set', '--modid', '1', '--cmdid', '1', 'canary 5%'], /^lars: rule "canary 5%": a rule starts with "split" or "match"\n$/],
    [['rule', 'set', '--modid', '1', '--cmdid', '1', 'split a=1 60%', 'split b=1 50%'], /^lars: rule set: the splits add up to 110%: at most 100%\n$/],
    [['rule', 'set', '--modid', '1', '--cmdid', '1', 'match env -> a=1'], /not key=value/],
    [['rule', 'del', '--modid', '1', '--cmdid', '1', 'split a=1 5%'], /^lars: rule del: unexpected argument/],
    [['rule', 'list', 'x'], /^lars: rule list: unexpected argument "x"/],
    [['rule', 'drop', '--modid', '1', '--cmdid', '1'], /^lars: rule: unknown subcommand "drop" \(set, del, list\)/],
    [['rule', 'set', '--service', 'nope', 'split a=1 5%'], /^lars: --service "nope": no key has this name/],
    [['rule', 'set', '--modid', 'x', '--cmdid', '1', 'split a=1 5%'], /--modid/],
  ];
  for (const [args, pattern] of usage) {
    const run = await larsInProcess(...args, ...store);
    t.same([run.code, run.out], [2, ''], args.join(' '));
    t.match(run.err, pattern, args.join(' '));
  }
  const s = await openStore(`sqlite:${path}`);
  t.equal(await s.getVersion(), 0, 'nothing written');
  await s.close();
});
