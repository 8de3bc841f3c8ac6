/**
 * The reporter's view of its store between batches: one cheap read at start
 * and again whenever health is asked for, so a wrong password or a missing
 * table shows on /healthz (with the server's own message) from the first
 * second, not only after the first report fails to land.
 */
import { errorLine } from '../../runtime/errors.js';
import type { StatusStore } from '../../store/statusStore.js';
import type { LineLog } from '../../runtime/log/logLine.js';

export class StoreProbe {
  private lastError: string | undefined;
  private succeeded = false;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly store: Pick<StatusStore, 'readStatus'>,
    private readonly displayUrl: string,
    private readonly log: LineLog,
  ) {}

  /** Why the store is not usable, per the latest finished probe. */
  get degraded(): string | undefined {
    return this.lastError === undefined ? undefined : `store ${this.displayUrl}: ${this.lastError}`;
  }

  /** One probe (joins the one running); never rejects. */
  probe(): Promise<void> {
    this.inFlight ??= this.run().finally(() => (this.inFlight = undefined));
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
