/**
 * A console's side of the history-writer lease (store/historyLease.ts):
 * claimed or renewed at every poll, it says what the poll may do with the
 * calls it sampled. Only a renewal lets them be written: the lease was ours
 * since our previous poll, so no other console counted them. A poll that
 * takes the lease over writes nothing new (its calls since the previous poll
 * may overlap what the last holder wrote before it stopped or released), like
 * a restarted console starting from a baseline; a standby or a failed claim
 * writes nothing at all. So a call is never counted twice; at a hand-over
 * the calls of one poll interval (after a crash: up to the lease) are not
 * counted.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { errorLine } from '../../runtime/errors.js';
import type { LineLog } from '../../runtime/log/logLine.js';
import type { HistoryLeaseStore } from '../../store/historyLease.js';

/** The lease lasts this many poll intervals; the holder renews it every poll, so two missed polls are tolerated. */
export const LEASE_POLLS = 3;

/** What one poll may do with its sample. */
export type LeaseTurn =
  /** Renewed: write the sample (and any rows kept from failed writes). */
  | 'write'
  /** Just taken: this poll is the baseline; write only rows kept from an earlier term. */
  | 'baseline'
  /** Another console holds it, or the claim failed: write nothing. */
  | 'skip';

/** The roles page's "history writer" line. */
export interface HistoryWriterView {
  /** `[console] history_writer`. */
  enabled: boolean;
  /** This console holds the lease (writes CallHistory). */
  writer: boolean;
  /** This console's lease owner id (host/pid/random, new at every start). */
  owner: string;
  /** The holder as last seen: this console, another one, or null (unknown or none). */
  holder: string | null;
  /** When the holder's lease runs out unless renewed (epoch ms); null when unknown. */
  expiresMs: number | null;
  leaseMs: number;
}

export function newLeaseOwner(): string {
  return `${hostname().slice(0, 40)}/${process.pid}/${randomBytes(6).toString('hex')}`;
}

export class HistoryWriterLease {
  private holding = false;
  private holder: string | null = null;
  private expiresMs: number | null = null;
  private lastLeaseMs = 0;
  /** Why the last claim failed (shown as the history problem), until one succeeds. */
  problem: string | undefined;

  constructor(
    readonly owner: string,
    private readonly log: LineLog,
  ) {}

  get isWriter(): boolean {
    return this.holding;
  }

  /** Claims or renews the lease at `nowMs` for `leaseMs`; never rejects (a failure is a 'skip' with `problem` set). */
  async claim(store: HistoryLeaseStore, nowMs: number, leaseMs: number): Promise<LeaseTurn> {
    this.lastLeaseMs = leaseMs;
    let claim;
    try {
      claim = await store.claimHistoryLease(this.owner, nowMs, nowMs + leaseMs);
    } catch (err) {
      const line = /HistoryLease/.test(errorLine(err)) ? `${errorLine(err)}: run \`lars db init\` to add the table` : errorLine(err);
      if (this.problem === undefined) this.log(`history writer: lease claim failed: ${line} (not writing history until a claim succeeds)`, 'warn');
      this.problem = line;
      // Unknown until a claim answers: a renewal then proves nobody else took it meanwhile.
      this.holding = false;
      this.holder = null;
      this.expiresMs = null;
      return 'skip';
    }
    this.problem = undefined;
    if (claim.outcome === 'held') {
      if (this.holding) this.log(`history writer: the lease is held by ${claim.holder} now; this console stops writing CallHistory (standby)`, 'warn');
      this.holding = false;
      this.holder = claim.holder;
      this.expiresMs = claim.expiresMs;
      return 'skip';
    }
    const was = this.holding;
    this.holding = true;
    this.holder = this.owner;
    this.expiresMs = nowMs + leaseMs;
    if (claim.outcome === 'taken') {
      this.log(`history writer: took the lease as ${this.owner}; this console writes CallHistory now (lease ${leaseMs} ms, renewed every poll)`);
      return 'baseline';
    }
    if (!was) this.log(`history writer: lease renewed as ${this.owner} after a failed claim; writing CallHistory again`);
    return 'write';
  }

  /** Gives the lease up (a stopping console) so a standby takes over at its next poll instead of after expiry. */
  async release(store: HistoryLeaseStore): Promise<void> {
    if (!this.holding) return;
    this.holding = false;
    try {
      await store.releaseHistoryLease(this.owner);
      this.log('history writer: lease released');
    } catch (err) {
      this.log(`history writer: lease release failed: ${errorLine(err)} (a standby takes over when it expires)`, 'warn');
    }
  }

  view(enabled: boolean): HistoryWriterView {
    return { enabled, writer: this.holding, owner: this.owner, holder: this.holder, expiresMs: this.expiresMs, leaseMs: this.lastLeaseMs };
  }
}
