/** "1 key", "3 keys": counts in log lines and CLI output read as English. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
