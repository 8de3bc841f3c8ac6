/** `--admin HOST:PORT`: which agent admin server(s) `lars status` and `lars simulator` ask. */
import { UsageError } from '../../runtime/errors.js';

/** The agent's own admin port, then the one `lars start --role all` (npm start) serves every role on. */
export const DEFAULT_ADMINS = ['127.0.0.1:9888', '127.0.0.1:9778'];

export function adminFlag(value: string | undefined): string[] {
  if (value === undefined) return DEFAULT_ADMINS;
  const bare = value.replace(/^http:\/\//, '').replace(/\/$/, '');
  const m = /^([^\s:/]+):(\d{1,5})$/.exec(bare);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) throw new UsageError(`--admin ${JSON.stringify(value)}: expected HOST:PORT, e.g. 127.0.0.1:9888`);
  return [bare];
}
