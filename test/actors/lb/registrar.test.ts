/**
 * The Registrar on its own, on a manual clock, with DNS played by the test:
 * what leaves for DNS, when, in how many frames, and what each asker hears.
 */
import t from 'tap';
import { lars } from '../../../proto/generated/lars.js';
import { instanceKey, type InstanceFields } from '../../../proto/registration.js';
import { ipv4ToInt32 } from '../../../runtime/net/ipv4.js';
import { Registrar, type RegistrarOptions, type RegistrationAnswer } from '../../../actors/lb/core/registrar.js';

const ID = lars.MessageId;
const SUCC = 0;
const REFUSED = 4;
const BAD_ARGUMENT = 5;
const UNAVAILABLE = 6;

interface Sent {
  msgid: number;
  req: lars.RegisterRequest | lars.DeregisterRequest;
}

function world(over: Partial<RegistrarOptions> = {}) {
  let now = 0;
  const sent: Sent[] = [];
  let up = true;
  const logs: string[] = [];
  const r = new Registrar({
    owner: 'agent test',
    token: 'tok',
    send: (msgid, body) => {
      sent.push({ msgid, req: msgid === ID.ID_DeregisterRequest ? lars.DeregisterRequest.decode(body) : lars.RegisterRequest.decode(body) });
      return true;
    },
    connected: () => up,
    now: () => now,
    renewIntervalMs: 3000,
    answerWaitMs: 500,
    maxInstances: 100,
    log: (line) => logs.push(line),
    ...over,
  });
  const answers: RegistrationAnswer[] = [];
  return {
    r,
    sent,
    logs,
    answers,
    answer: (a: RegistrationAnswer) => answers.push(a),
    /** Moves the clock in 100 ms ticks, as the actor's timer does. */
    advance(ms: number) {
      for (let left = ms; left > 0; left -= 100) {
        now += Math.min(100, left);
        r.tick();
      }
    },
    setUp(v: boolean) {
      up = v;
      if (v) r.connected();
      else r.disconnected();
    },
    /** DNS answers the request sent `index` (default: the last) with `retcode` for all, or refuses some. */
    reply(index = sent.length - 1, retcode = SUCC, refused: Array<{ inst: InstanceFields; retcode: number; reason: string }> = []) {
      const s = sent[index];
      if (s === undefined) throw new Error(`no request #${index}`);
      r.onResponse(lars.RegisterResponse.create({ seq: s.req.seq, retcode, reason: retcode === SUCC ? '' : 'no', refused: refused.map((x) => ({ ...x.inst, retcode: x.retcode, reason: x.reason })) }));
    },
  };
}

const inst = (port: number, extra: Partial<InstanceFields> = {}): InstanceFields => ({ modid: 1, cmdid: 2, ip: ipv4ToInt32('10.0.0.5'), port, weight: 0, ttlMs: 3000, ...extra });

t.test('a first register is answered when DNS answers; heartbeats from the table at once', async (t) => {
  const w = world();
  w.r.register(inst(80), 'app', 'app a', w.answer);
  t.equal(w.sent.length, 1, 'sent to DNS at once');
  const req = w.sent[0]?.req as lars.RegisterRequest;
  t.same([req.token, req.owner, req.instances.length, req.instances[0]?.port], ['tok', 'agent test', 1, 80], 'token, owner, the instance');
  t.same(w.answers, [], 'the asker waits for DNS');
  w.reply();
  t.same(w.answers, [{ retcode: SUCC, reason: '' }], 'and hears its success');
  w.r.register(inst(80), 'app', 'app a', w.answer);
  t.equal(w.answers.length, 2, 'a heartbeat is answered at once');
  t.equal(w.sent.length, 1, 'and does not go to DNS');
  t.equal(w.r.list()[0]?.state, 'registered');
});

t.test('a refused first register reaches the asker with its code and leaves the table; a declaration stays', async (t) => {
  const w = world();
  w.r.register(inst(80), 'app', 'app a', w.answer);
  w.reply(0, REFUSED);
  t.same(w.answers, [{ retcode: REFUSED, reason: 'no' }]);
  t.equal(w.r.size, 0, 'dropped');
  w.r.register(inst(81), 'config', 'service.web', w.answer);
  w.reply(1, REFUSED);
  t.equal(w.r.size, 1, 'a declaration is kept and retried');
  t.equal(w.r.list()[0]?.state, 'refused');
  t.same(w.r.list()[0]?.lastError, { retcode: REFUSED, reason: 'no' });
  t.match(w.logs.join('\n'), /DNS refused 1\/2 10\.0\.0\.5:81 \(retcode 4: no\)/, 'said once');
});

t.test('per-instance refusals in one answer: the rest is taken', async (t) => {
  const w = world();
  w.r.register(inst(80), 'config', 'a');
  w.r.register(inst(81), 'config', 'b');
  w.advance(3000);
  const round = w.sent.length - 1;
  t.equal(w.sent[round]?.req.instances.length, 2, 'a renewal carries both');
  w.reply(round, REFUSED, [{ inst: inst(81), retcode: BAD_ARGUMENT, reason: 'port' }]);
  const byPort = new Map(w.r.list().map((v) => [v.port, v]));
  t.equal(byPort.get(80)?.state, 'registered');
  t.equal(byPort.get(81)?.state, 'refused');
  t.equal(byPort.get(81)?.lastError?.retcode, BAD_ARGUMENT);
});

t.test('bad arguments are answered at once, never sent', async (t) => {
  const w = world();
  for (const bad of [inst(0), inst(80, { ip: 0 }), inst(80, { ip: -1 }), inst(80, { ip: ipv4ToInt32('239.1.1.1') }), inst(80, { ttlMs: 999 }), inst(80, { ttlMs: 600_001 }), inst(80, { weight: 1001 }), inst(65536)]) {
    w.r.register(bad, 'app', 'a', w.answer);
  }
  t.equal(w.sent.length, 0);
  t.equal(w.answers.length, 8);
  t.ok(w.answers.every((a) => a.retcode === BAD_ARGUMENT && a.reason !== ''), 'each with its reason');
  t.equal(w.r.counters.badArgument, 8);
});

t.test('no answer in time: RET_UNAVAILABLE; no connection says so', async (t) => {
  const w = world();
  w.r.register(inst(80), 'app', 'a', w.answer);
  w.advance(400);
  t.same(w.answers, []);
  w.advance(200);
  t.same(w.answers, [{ retcode: UNAVAILABLE, reason: 'DNS did not answer within 500 ms', timedOut: true }], 'connected and no answer: marked timed out (an embedded client\'s TIMEOUT)');
  w.setUp(false);
  w.r.register(inst(81), 'app', 'a', w.answer);
  w.advance(600);
  t.same(w.answers[1], { retcode: UNAVAILABLE, reason: 'no DNS connection' });
  t.equal(w.r.counters.answersTimedOut, 2);
});

t.test('a register made while DNS is down is answered by the re-send after the reconnect', async (t) => {
  const w = world({ answerWaitMs: 5000 });
  w.setUp(false);
  w.r.register(inst(80), 'app', 'a', w.answer);
  t.equal(w.sent.length, 0, 'nothing can leave');
  w.advance(1000);
  w.setUp(true);
  t.equal(w.sent.length, 1, 'the whole table at once on connect');
  w.reply();
  t.same(w.answers, [{ retcode: SUCC, reason: '' }]);
});

t.test('an application silent for its ttl is deregistered; a declaration is not', async (t) => {
  const w = world();
  w.r.register(inst(80), 'app', 'a', w.answer);
  w.r.register(inst(81), 'config', 'service.x');
  w.reply(0);
  w.reply(1);
  w.advance(2000);
  w.r.register(inst(80), 'app', 'a'); // a heartbeat at 2 s
  w.advance(3000);
  t.equal(w.r.size, 2, 'heartbeats within the ttl keep it');
  w.advance(100);
  t.same(w.r.list().map((v) => v.port), [81], 'gone one ttl after its last heartbeat');
  const dereg = w.sent.filter((s) => s.msgid === ID.ID_DeregisterRequest);
  t.equal(dereg.length, 1, 'DNS is told');
  t.equal(dereg[0]?.req.instances[0]?.port, 80);
  t.equal(w.r.counters.expired, 1);
});

t.test('one renewal stream: the whole table every period, in several frames when one does not hold it', async (t) => {
  const w = world({ maxBody: 300, maxInstances: 1000 });
  for (let i = 0; i < 50; i++) w.r.register(inst(1000 + i, { ttlMs: 30_000 }), 'config', `service.s${i}`);
  const registers = w.sent.length;
  t.equal(registers, 50, 'each new one sent on its own');
  w.advance(2900);
  t.equal(w.sent.length, registers, 'nothing before the period');
  w.advance(100);
  const round = w.sent.slice(registers);
  t.ok(round.length > 1, `several frames (${round.length})`);
  t.equal(round.reduce((n, s) => n + s.req.instances.length, 0), 50, 'every instance once');
  t.ok(round.every((s) => lars.RegisterRequest.encode(s.req).finish().length <= 300), 'each within the bound');
  t.equal(new Set(round.map((s) => s.req.seq)).size, round.length, 'each its own seq');
});

t.test('the period shrinks to a third of the shortest ttl', async (t) => {
  const w = world({ renewIntervalMs: 10_000 });
  w.r.register(inst(80, { ttlMs: 1500 }), 'config', 'a');
  w.reply();
  w.advance(500);
  t.equal(w.sent.length, 2, 'renewed after 500 ms, not 10 s');
  t.equal(w.r.renewPeriodMs(), 500);
});

t.test('a changed weight is sent at once; a deregister is answered by DNS or says no connection', async (t) => {
  const w = world();
  w.r.register(inst(80), 'app', 'a', w.answer);
  w.reply();
  w.r.register(inst(80, { weight: 7 }), 'app', 'a', w.answer);
  t.equal(w.sent.length, 2);
  t.equal(w.sent[1]?.req.instances[0]?.weight, 7);
  w.r.deregister(inst(80), w.answer);
  t.equal(w.sent[2]?.msgid, ID.ID_DeregisterRequest);
  t.equal(w.r.size, 0, 'out of the table at once: no more renewals');
  w.reply(2);
  t.same(w.answers.at(-1), { retcode: SUCC, reason: '' });
  w.setUp(false);
  w.r.deregister(inst(81), w.answer);
  t.equal(w.answers.at(-1)?.retcode, UNAVAILABLE);
});

t.test('a lost connection answers a waiting deregister; the check hook sends a change at once', async (t) => {
  const specs: Array<[string, boolean]> = [];
  const w = world({
    onCheckSpec: (key, i) => {
      specs.push([key, i !== undefined]);
      return i === undefined ? undefined : { passing: false, detail: 'not checked yet' };
    },
    checkProblem: (spec) => (spec.url.startsWith('tcp://') ? undefined : 'tcp:// only here'),
  });
  w.r.register(inst(79, { checkSpec: { url: 'ftp://x', intervalMs: 1, timeoutMs: 1, fall: 1, rise: 1 } }), 'app', 'a', w.answer);
  t.same(w.answers.shift(), { retcode: BAD_ARGUMENT, reason: 'tcp:// only here' }, 'a spec that cannot run is refused at once');
  const spec = { url: 'tcp://10.0.0.5:80', intervalMs: 1000, timeoutMs: 500, fall: 2, rise: 2 };
  w.r.register(inst(80, { checkSpec: spec }), 'app', 'a', w.answer);
  w.reply();
  const key = instanceKey(inst(80));
  t.same(specs, [[key, true]], 'the check runner hears of the spec');
  const firstSent = w.sent[0]?.req.instances[0]?.check;
  t.same([firstSent?.passing, firstSent?.detail], [false, 'not checked yet'], 'the first register carries the state the runner gave');
  t.ok(w.r.setCheckState(key, { passing: false, detail: 'refused' }));
  const last = w.sent.at(-1)?.req as lars.RegisterRequest;
  t.same([last.instances[0]?.check?.passing, last.instances[0]?.check?.detail, last.instances[0]?.checkSpec], [false, 'refused', null], 'state to DNS, spec kept home');
  const frames = w.sent.length;
  t.ok(w.r.setCheckState(key, { passing: false, detail: 'refused' }));
  t.equal(w.sent.length, frames, 'an unchanged state is not sent again');
  w.r.deregister(inst(80), w.answer);
  t.same(specs.at(-1), [key, false], 'and of its end');
  w.setUp(false);
  t.same(w.answers.at(-1), { retcode: UNAVAILABLE, reason: 'the DNS connection was lost before it answered' });
});

t.test('max_instances bounds the table', async (t) => {
  const w = world({ maxInstances: 2 });
  for (const port of [80, 81, 82]) w.r.register(inst(port), 'app', 'a', w.answer);
  t.equal(w.r.size, 2);
  t.equal(w.answers[0]?.retcode, 2, 'the third: RET_SYSTEM_ERROR at once');
  t.match(w.answers[0]?.reason, /max_instances \(2\)/);
});
