/**
 * The reporter's view of its store between batches: one cheap read at start
 * and again whenever health is asked for, so a wrong password or a missing
 * table shows on /healthz (with the server's own message) from the first
 * second, not only after the first report fails to land. A probe still
 * unanswered after `stallAfterMs` (the store's query deadline) counts as a
 * failure at once: a hung node answers nothing, so waiting for the probe's
 * end would keep /healthz at 200 for the store's whole retry.
 */
import { errorLine } from '../../runtime/errors.js';
import type { StatusStore } from '../../store/statusStore.js';
import type { LineLog } from '../../runtime/log/logLine.js';

export interface StoreProbeOptions {
  /** A probe running this long counts as failed (default 3000). */
  stallAfterMs?: number;
  /** Monotonic ms. */
  now?: () => number;
}

export class StoreProbe {
  private lastError: string | undefined;
  private succeeded = false;
  private inFlight: Promise<void> | undefined;
  private startedAt = 0;
  private readonly now: () => number;

  constructor(
    private readonly store: Pick<StatusStore, 'readStatus'>,
    private readonly displayUrl: string,
    private readonly log: LineLog,
    private readonly opts: StoreProbeOptions = {},
  ) {
    this.now = opts.now ?? (() => performance.now());
  }

  /** Why the store is not usable: the probe running is past its deadline, or the latest finished one failed. */
  get degraded(): string | undefined {
    const running = this.inFlight === undefined ? 0 : this.now() - this.startedAt;
    if (running >= (this.opts.stallAfterMs ?? 3000)) return `store ${this.displayUrl}: unanswered for ${Math.round(running)} ms`;
    return this.lastError === undefined ? undefined : `store ${this.displayUrl}: ${this.lastError}`;
  }

  /** One probe (joins the one running); never rejects. */
  probe(): Promise<void> {
    if (this.inFlight === undefined) {
      this.startedAt = this.now();
      this.inFlight = this.run().finally(() => (this.inFlight = undefined));
    }
    return this.inFlight;
  }

  private async run(): Promise<void> {
    try {
      // A point read on the primary key: cheap, and it proves the table and the grants.
      await this.store.readStatus({ modid: 0, cmdid: 0 });
      if (!this.succeeded || this.lastError !== undefined) this.log(`store ${this.displayUrl} answers`);
      this.succeeded = true;
      this.lastError = undefined;
    } catch (err) {
      const line = errorLine(err);
      if (line !== this.lastError) this.log(`store ${this.displayUrl} fails: ${line}`, 'warn');
      this.lastError = line;
    }
  }
}
