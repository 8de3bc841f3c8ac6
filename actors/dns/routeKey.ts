import type { WireHost } from './dnsProtocol.js';

/** Map key for (modid, cmdid); both are int32 and may be negative. */
export function routeKey(modid: number, cmdid: number): string {
  return `${modid}:${cmdid}`;
}

/** Same hosts in the same order: a key whose list this returns true for has not changed. */
export function sameHosts(a: readonly WireHost[], b: readonly WireHost[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x?.ip !== y?.ip || x?.port !== y?.port || (x?.weight ?? 1) !== (y?.weight ?? 1)) return false;
  }
  return true;
}
