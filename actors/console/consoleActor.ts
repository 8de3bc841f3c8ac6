/**
 * The `console` actor: owns the console's HTTP listener and store
 * connection (a ConsoleService). Shows as degraded on /healthz while the
 * store is unreachable (the pages then say how old their data is).
 */
import { defineActor } from '../../runtime/actors/actorDefinition.js';
import { StartupError } from '../../runtime/errors.js';
import type { Message } from '../../runtime/mailbox/message.js';
import { redactStoreUrl } from '../../store/storeUrl.js';
import type { ConsoleConfig } from './consoleConfig.js';
import { ConsoleService } from './consoleService.js';

export interface ConsoleArgs {
  config: ConsoleConfig;
  storeUrl: string;
}

interface State {
  service: ConsoleService;
}

export default defineActor<ConsoleArgs, State, Message>({
  async start(args, ctx) {
    const service = new ConsoleService({ config: args.config, storeUrl: args.storeUrl, log: (line, level) => ctx.log(line, level) });
    try {
      const addr = await service.start();
      ctx.log(`console on http://${addr.address}:${addr.port}/ reading ${redactStoreUrl(args.storeUrl)}${args.config.token ? ' (edits need the token)' : ''}`);
    } catch (err) {
      await service.stop().catch(() => undefined);
      const code = (err as NodeJS.ErrnoException).code;
      throw new StartupError(code ? `console: cannot listen on ${args.config.ip}:${args.config.port}: ${code}` : `console: ${String((err as Error).message ?? err)}`);
    }
    return { service };
  },

  handle() {
    // No data-plane messages: everything arrives over HTTP.
  },

  reload(state, args) {
    state.service.reload(args.config);
  },

  async stop(state) {
    await state.service.stop();
  },

  metrics(state) {
    const degraded = state.service.degraded();
    const gauges = { history_writer: state.service.historyWriter().writer ? 1 : 0 };
    return { counters: state.service.metricCounters(), gauges, ...(degraded ? { degraded } : {}) };
  },
});
