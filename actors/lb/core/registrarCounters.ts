/** What a Registrar counts, and its refusal lines: one per DNS answer, however many instances it refused. */
import type { RegistrationAnswer } from './registrarRequests.js';

export class RegistrarCounters {
  /** Instances DNS took for the first time. */
  registered = 0;
  /** Instance answers other than success (first registrations and renewals). */
  refused = 0;
  /** Refused before DNS was asked: not a unicast address, a port, weight or ttl out of range. */
  badArgument = 0;
  /** Refused because the table holds max_instances. */
  full = 0;
  deregistered = 0;
  /** Application instances deregistered because their heartbeats stopped for a ttl. */
  expired = 0;
  /** Renewal rounds (the whole table), and whole-table sends after a (re)connect. */
  renewalRounds = 0;
  resends = 0;
  framesSent = 0;
  /** Frames that could not leave (no DNS connection). */
  notSent = 0;
  /** Askers answered RET_UNAVAILABLE because DNS did not answer within answer_wait_ms. */
  answersTimedOut = 0;
  /** Answers from DNS to no request we still wait for. */
  lateAnswers = 0;

  snapshot(): Record<string, number> {
    return { ...this } as unknown as Record<string, number>;
  }
}

/** Collects the instances one DNS answer newly refused and says so in one line. */
export class RegistrarLog {
  private first: { key: string; a: RegistrationAnswer } | undefined;
  private count = 0;

  constructor(private readonly log: ((line: string, level: 'info' | 'warn') => void) | undefined) {}

  note(key: string, a: RegistrationAnswer): void {
    this.first ??= { key, a };
    this.count++;
  }

  flush(): void {
    const first = this.first;
    if (first === undefined) return;
    const more = this.count > 1 ? ` and ${this.count - 1} more` : '';
    this.log?.(`DNS refused ${first.key}${more} (retcode ${first.a.retcode}: ${first.a.reason || 'no reason given'}); kept and sent again with every renewal`, 'warn');
    this.first = undefined;
    this.count = 0;
  }
}
