/** Who an edit from this shell is recorded as in the audit trail and RouteDrain: "cli USER@HOST". */
import { hostname, userInfo } from 'node:os';

export function cliWho(): string {
  let user = process.env['USER'] ?? '?';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): the environment's word is all there is.
  }
  return `cli ${user}@${hostname()}`;
}
