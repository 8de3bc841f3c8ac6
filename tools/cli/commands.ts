/**
 * The `lars` subcommands. Each loads lazily so `lars --help` and small tools
 * start fast and do not pull in what they do not use.
 */
import type { Command } from './command.js';

export interface CommandEntry {
  summary: string;
  load: () => Promise<Command>;
}

export const commands: Record<string, CommandEntry> = {
  start: { summary: 'run a role (dns, reporter, agent, console, all): actors on worker threads, supervised', load: async () => (await import('../start/startCommand.js')).command },
  'qps-server': { summary: 'echo server for the reactor benchmark (qps_test.EchoMessage on msgid 1)', load: async () => (await import('../qps/qpsServerCommand.js')).command },
  'qps-client': { summary: 'drive an echo server with N connections and print qps', load: async () => (await import('../qps/qpsClientCommand.js')).command },
  config: { summary: 'print every config key of a role with its default (a commented ini file)', load: async () => (await import('../configCommand.js')).command },
  metrics: { summary: 'print every metric the roles export, with type, labels and meaning (the README table)', load: async () => (await import('../metricsCommand.js')).command },
  db: { summary: 'create the route/status schema in a store (lars db init)', load: async () => (await import('../db/dbCommand.js')).command },
  'demo-routes': { summary: 'add demo hosts for keys 1/1, 1/2 and 2/1 to an empty route table', load: async () => (await import('../demo/demoRoutesCommand.js')).command },
  route: { summary: 'add, delete, reweigh, disable/enable or list route hosts (lars route add|del|set-weight|disable|enable|list)', load: async () => (await import('../route/routeCommand.js')).command },
  service: { summary: 'name route keys (lars service set|del|list); other commands then take --service NAME', load: async () => (await import('../service/serviceCommand.js')).command },
  rule: { summary: 'routing rules of route keys: canary splits and caller matches by tag (lars rule set|del|list)', load: async () => (await import('../rule/ruleCommand.js')).command },
  'get-host': { summary: 'ask the agent for a host of (modid, cmdid) and show the answers', load: async () => (await import('../client/getHostCommand.js')).command },
  'get-route': { summary: 'show every host the agent has for (modid, cmdid)', load: async () => (await import('../client/getRouteCommand.js')).command },
  register: { summary: 'register an instance with the local agent and hold it while running (Ctrl-C deregisters)', load: async () => (await import('../register/registerCommand.js')).command },
  status: { summary: "show the agent's load-balancer state: per host idle or overloaded, counts, streaks, probes", load: async () => (await import('../status/statusCommand.js')).command },
  simulator: { summary: 'call a key with getHost+report, failing chosen hosts, and watch the agent steer', load: async () => (await import('../client/simulatorCommand.js')).command },
  bench: { summary: 'load drivers: lars bench api (getHost+report pairs/s and latency through the client)', load: async () => (await import('../client/benchCommand.js')).command },
};
