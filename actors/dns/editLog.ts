/**
 * The audit trail in the DNS log: after the route-watcher applied new
 * versions it reads the audited edits among them (store/routeAudit.ts) and
 * logs each once at info, with who made it. Read after the push went out and
 * never awaited by a poll, so logging cannot delay a route or trip the
 * watchdog; a failed read is counted and said once, and the next apply reads
 * from where the last one that worked stopped.
 */
import type { RouteStore } from '../../store/routeStore.js';
import type { AuditEntry } from '../../store/routeAudit.js';
import type { LineLog } from '../../runtime/log/logLine.js';
import { errorLine } from '../../runtime/errors.js';
import { uint32ToIpv4 } from '../../runtime/net/ipv4.js';

/** Lines per apply; an edit storm past it (a script adding 10,000 hosts) is one line more. */
export const EDIT_LINES_PER_APPLY = 50;

export function editText(e: AuditEntry): string {
  const host = `${uint32ToIpv4(e.ip)}:${e.port}`;
  const key = `${e.modid}/${e.cmdid}`;
  const what = (() => {
    switch (e.action) {
      case 'add':
        return `added ${host} to ${key}${e.detail === '' ? '' : ` (${e.detail})`}`;
      case 'del':
        return `removed ${host} from ${key}`;
      case 'weight':
      case 'set':
        return `${e.detail} for ${host} in ${key}`;
      case 'disable':
        return `disabled ${host} in ${key}`;
      case 'enable':
        return `enabled ${host} in ${key}`;
      case 'name':
        // A key's service name (store/keyNameStore.ts): no host, the detail says "name a -> b".
        return `${e.detail} for ${key}`;
      default:
        return `${String(e.action)} ${host} in ${key}${e.detail === '' ? '' : ` (${e.detail})`}`;
    }
  })();
  return `route edit v${e.version} by ${e.who}: ${what}`;
}

export class EditLog {
  private tail: Promise<void> = Promise.resolve();
  /** Versions up to here were logged (or were before this replica started). */
  private loggedUpTo: number | undefined;
  private failing = false;
  failures = 0;

  constructor(
    private readonly store: Pick<RouteStore, 'editsSince'>,
    private readonly log: LineLog,
  ) {}

  /** The watcher's first full load: edits up to it are history, not news. */
  startAt(version: number): void {
    if (this.loggedUpTo === undefined || version < this.loggedUpTo) this.loggedUpTo = version;
  }

  /** Versions up to `version` were applied: log their edits, after any logging still under way. */
  applied(version: number): void {
    this.tail = this.tail.then(() => this.logUpTo(version));
  }

  /** Resolves when what was asked so far is logged (tests, stop). */
  settled(): Promise<void> {
    return this.tail;
  }

  private async logUpTo(version: number): Promise<void> {
    const from = this.loggedUpTo;
    if (from === undefined || version <= from) return;
    let edits: AuditEntry[];
    try {
      edits = await this.store.editsSince(from, EDIT_LINES_PER_APPLY + 1);
    } catch (err) {
      this.failures++;
      if (!this.failing) this.log(`cannot read the audit trail (route edits are served, not logged, until it answers): ${errorLine(err)}`, 'warn');
      this.failing = true;
      return;
    }
    this.failing = false;
    const mine = edits.filter((e) => e.version <= version);
    for (const e of mine.slice(0, EDIT_LINES_PER_APPLY)) this.log(editText(e));
    if (mine.length > EDIT_LINES_PER_APPLY) {
      this.log(`more route edits up to v${version} not logged here: the console's key pages and RouteAudit hold them all`);
    }
    this.loggedUpTo = version;
  }
}
