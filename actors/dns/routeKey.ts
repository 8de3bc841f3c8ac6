/** Map key for (modid, cmdid); both are int32 and may be negative. */
export function routeKey(modid: number, cmdid: number): string {
  return `${modid}:${cmdid}`;
}
