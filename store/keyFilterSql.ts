/** ` WHERE modid = ? AND cmdid = ?` (either part optional) for list/read queries. */
import { checkInt32 } from './validateValues.js';

export interface KeyFilter {
  modid?: number;
  cmdid?: number;
}

export function keyFilterWhere(filter: KeyFilter = {}): { clause: string; params: number[] } {
  const terms: string[] = [];
  const params: number[] = [];
  for (const column of ['modid', 'cmdid'] as const) {
    const value = filter[column];
    if (value === undefined) continue;
    terms.push(`${column} = ?`);
    params.push(checkInt32(column, value));
  }
  return { clause: terms.length > 0 ? ` WHERE ${terms.join(' AND ')}` : '', params };
}
