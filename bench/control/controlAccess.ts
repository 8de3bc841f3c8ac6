/**
 * How the control bench reaches the control plane of a running
 * ProcessSupervisor: a stats call to one actor (what a scrape sends each
 * actor) and a stats sample of every actor of every role.
 *
 * The "before" figures in bench/RESULTS.md were taken on main at b83d3c1,
 * where this file sent the equivalent `$stats` ask over the supervisor's
 * mailbox link (the hand-made control messages comlink replaced).
 */
import { ROLE_NAMES } from '../../actors/roles/index.js';
import type { ProcessSupervisor } from '../../tools/start/processSupervisor.js';

export async function controlCall(sup: ProcessSupervisor, role: string, actor: string): Promise<unknown> {
  const m = /^(.*?)(?:-(\d+))?$/.exec(actor);
  const rs = sup.supervisorOf(role);
  if (!rs || !m?.[1]) throw new Error(`no actor ${role}/${actor}`);
  return rs.statsOf(m[1], Number(m[2] ?? 0), 5_000);
}

export async function sampleAll(sup: ProcessSupervisor): Promise<unknown> {
  return Promise.all(ROLE_NAMES.map((role) => sup.supervisorOf(role)?.sample(5_000)));
}
