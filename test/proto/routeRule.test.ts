/** The one-line rule text: what reads, what is refused with which words, and the round trip. */
import t from 'tap';
import { parseRule, ruleText, rulesProblem, type RouteRule } from '../../proto/routeRule.js';

t.test('splits and matches read as typed and print back the same', async (t) => {
  t.same(parseRule('split version=v2 5%'), { type: 'split', hostTags: ['version=v2'], basisPoints: 500 });
  t.same(parseRule('  split  version=v2,dc=b 0.5% '), { type: 'split', hostTags: ['dc=b', 'version=v2'], basisPoints: 50 }, 'tags sorted, spaces free');
  t.same(parseRule('split a.b=1,a=2 5%').hostTags, ['a=2', 'a.b=1'], 'sorted by key, as a host\'s tags are');
  t.same(parseRule('split v=3 100%'), { type: 'split', hostTags: ['v=3'], basisPoints: 10_000 });
  t.same(parseRule('match env=test -> env=test,v=2'), { type: 'match', callerTags: ['env=test'], hostTags: ['env=test', 'v=2'] });
  for (const text of ['split version=v2 5%', 'split a=1,b=2 12.5%', 'split a=1 0.05%', 'match env=test -> pool=canary']) {
    t.equal(ruleText(parseRule(text)), text, text);
  }
});

t.test('anything else is refused with the text echoed and what to write', async (t) => {
  const refused: [string, RegExp][] = [
    ['', /starts with "split" or "match"/],
    ['spilt version=v2 5%', /"spilt version=v2 5%".*starts with/],
    ['split version=v2', /write split TAG/],
    ['split version=v2 5', /write split TAG/],
    ['split version=v2 1e1%', /write split TAG/],
    ['split version=v2 0%', /above 0% and at most 100%/],
    ['split version=v2 100.01%', /above 0% and at most 100%/],
    ['split version=v2 5.123%', /write split TAG/],
    ['split version 5%', /not key=value/],
    ['split a=1,a=2 5%', /given twice/],
    ['match env=test env=test', /write match/],
    ['match env=test -> ', /write match/],
    ['match env=test -> a=1 b=2', /write match/],
  ];
  for (const [text, why] of refused) t.throws(() => parseRule(text), { code: 'BAD_RULE', message: why }, JSON.stringify(text));
});

t.test('a key’s rules together: at most 16, splits at most 100 %, none twice', async (t) => {
  const split = (tag: string, bp: number): RouteRule => ({ type: 'split', hostTags: [tag], basisPoints: bp });
  t.equal(rulesProblem([split('v=2', 5000), split('v=3', 5000)]), undefined);
  t.match(rulesProblem([split('v=2', 5000), split('v=3', 5001)]), /add up to 100.01%/);
  t.match(rulesProblem([split('v=2', 100), split('v=2', 100)]), /twice/);
  t.match(rulesProblem(Array.from({ length: 17 }, (_, i) => split(`v=${i}`, 1))), /at most 16/);
});
