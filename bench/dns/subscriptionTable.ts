/**
 * Heap bytes per entry of the DNS's subscription table (actors/dns/subscriptions.ts),
 * the part of the DNS's memory a client controls (issue #12 §2): one
 * connection subscribed to N keys (each key with one subscriber, as when an
 * agent asks for keys nobody else has), then C connections sharing the same
 * N/C keys. Needs --expose-gc for stable figures.
 *
 *   node --expose-gc dist/bench/dns/subscriptionTable.js [--keys 1000000] [--json]
 */
import { parseArgs } from 'node:util';
import { Subscriptions } from '../../actors/dns/subscriptions.js';

const { values } = parseArgs({ options: { keys: { type: 'string', default: '1000000' }, json: { type: 'boolean', default: false } } });
const KEYS = Number(values.keys);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');

function heap(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

function measure(conns: number, keysPerConn: number, shared: boolean): { bytesPerSubscription: number; freedPct: number } {
  const subs = new Subscriptions<object>();
  const owners = Array.from({ length: conns }, () => ({}));
  const before = heap();
  for (const [c, owner] of owners.entries()) {
    for (let k = 0; k < keysPerConn; k++) subs.add(owner, shared ? 1 : c + 1, k);
  }
  const held = heap() - before;
  for (const owner of owners) subs.drop(owner);
  const after = heap() - before;
  return { bytesPerSubscription: held / (conns * keysPerConn), freedPct: 100 * (1 - after / held) };
}

const rows = [
  { case: `1 connection × ${KEYS} keys`, ...measure(1, KEYS, false) },
  { case: `10 connections × ${KEYS / 10} shared keys`, ...measure(10, KEYS / 10, true) },
];
if (values.json) process.stdout.write(`${JSON.stringify(rows)}\n`);
else for (const r of rows) process.stdout.write(`${r.case}: ${r.bytesPerSubscription.toFixed(0)} B per subscription, ${r.freedPct.toFixed(0)} % freed on close\n`);
