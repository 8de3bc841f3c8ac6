/**
 * Test actor: sums what it is told, snapshots the sum, crashes on request,
 * relays to linked peers, flushes its sum to a file on graceful stop.
 */
import { writeFile } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { threadId } from 'node:worker_threads';
import { defineActor } from '../../../runtime/actors/actorDefinition.js';
import { CodedError } from '../../../runtime/errors.js';
import type { CounterArgs, CounterControl, CounterMsg, CounterReplies } from './counterProtocol.js';

interface State {
  label: string;
  total: number;
  adds: number;
  reloads: number;
  controlCalls: number;
  args: CounterArgs;
  incarnation: number;
}

export default defineActor<CounterArgs, State, CounterMsg, CounterReplies, CounterControl>({
  start(args, _ctx, restored) {
    if (args.crashOnStart) throw new Error('refusing to start');
    const total = typeof restored === 'number' ? restored : 0;
    return { label: args.label, total, adds: 0, reloads: 0, controlCalls: 0, args, incarnation: Math.random() };
  },
  async handle(state, msg, ctx) {
    switch (msg.type) {
      case 'add':
        state.total += msg.n;
        state.adds++;
        ctx.saveSnapshot(state.total);
        return;
      case 'sum':
        return state.total;
      case 'label':
        return state.label;
      case 'crash':
        throw new Error(msg.reason);
      case 'hang':
        return new Promise<never>(() => undefined);
      case 'slow':
        await delay(msg.ms);
        return 'done';
      case 'relay':
        ctx.peers<CounterMsg, CounterReplies>(msg.to).tell({ type: 'add', n: msg.n });
        return;
      case 'peerSum':
        return ctx.peers<CounterMsg, CounterReplies>(msg.to).at(msg.index).ask({ type: 'sum' }, 2000);
      case 'whereami':
        return { threadId, incarnation: state.incarnation };
      case 'exitThread':
        process.exit(msg.code);
    }
  },
  async stop(state) {
    if (state.args.stopDelayMs) await delay(state.args.stopDelayMs);
    if (state.args.flushFile) await writeFile(state.args.flushFile, JSON.stringify({ label: state.label, total: state.total }));
  },
  reload(state, args) {
    state.label = args.label;
    state.args = args;
    state.reloads++;
  },
  control: {
    inspect(state) {
      state.controlCalls++;
      return { label: state.label, total: state.total, calls: state.controlCalls };
    },
    refuse(_state, code) {
      throw new CodedError(code, `refused with ${code}`);
    },
    stall() {
      return new Promise<never>(() => undefined);
    },
  },
  metrics(state) {
    return { counters: { adds: state.adds }, gauges: { total: state.total, reloads: state.reloads, label_length: state.label.length } };
  },
});
