/** Public shapes of the client API. */
import type { AgentRegistrationStats } from './agentRegistration.js';
import type { LarsCallErrorCode } from './larsError.js';
import type { RegisterOptions, Registration } from './registration.js';

/** A host as applications see it: dotted IPv4 text and a port. */
export interface Host {
  ip: string;
  port: number;
}

/** A host of a route (getRoute): with its weight, 1…1000 (1 when DNS sends none). */
export interface RouteHost extends Host {
  weight: number;
}

export interface LarsClientOptions {
  /** Address of the local agent (default 127.0.0.1). */
  host?: string;
  /** The agent's first UDP port; key (modid, cmdid) goes to basePort + (modid + cmdid) % 3 (default 8888). */
  basePort?: number;
  /**
   * Default timeout of every call, in ms (default 100: above the agent's
   * pull_wait_ms of 50, so the first call for a new key gets the agent's answer).
   */
  timeoutMs?: number;
  /** How long register() and deregister() wait for the agent's answer, in ms (default 2,000). */
  registerTimeoutMs?: number;
}

/** Options of the embedded client's pickHost. */
export interface PickOptions {
  /** The caller's tags ("key=value", at most 8), which the key's match rules route by; none: every caller alike. */
  tags?: readonly string[];
}

export interface CallOptions {
  /** This call's timeout in ms, instead of the client's. */
  timeoutMs?: number;
  /**
   * getHost only: the caller's tags ("key=value", at most 8, as a host's),
   * which the key's match rules route by (`lars rule`); none: every caller
   * alike. In agent mode sent in GetHostRequest.tags, a field the original's
   * agent skips.
   */
  tags?: readonly string[];
}

/**
 * How a call to a host went, for `report`: 'success', 'overload' (the host
 * refused for load) and 'error' (anything else), or a raw Lars retcode (0 is success).
 */
export type ReportResult = 'success' | 'overload' | 'error' | number;

export interface LarsCallStats {
  calls: number;
  ok: number;
  errors: Record<LarsCallErrorCode, number>;
}

/** Counters since the client was made; a fresh plain object on every `stats()`. */
export interface LarsClientStats {
  getHost: LarsCallStats;
  /** getRoute and regInit. */
  getRoute: LarsCallStats;
  /** Report datagrams sent. */
  reports: number;
  /** Reports after close(), dropped. */
  reportsDropped: number;
  /** Calls waiting for an answer now. */
  inFlight: number;
  /** Replies that matched no waiting call: late (after their timeout), duplicated, or never asked for. */
  lateReplies: number;
  /** Datagrams from the agent that are not a well-formed reply. */
  badReplies: number;
  /** Datagrams refused by the agent's host (no agent on the port): each fails the port's calls at once. */
  refused: number;
  /** Other socket errors. */
  socketErrors: number;
  /** Sockets open now (one per agent port in use, at most 3). */
  socketsOpen: number;
  /** register() and its heartbeats (their sockets are not in socketsOpen). */
  registrations: AgentRegistrationStats;
}

/** What both modes offer: code written against it runs with either. */
export interface LarsApi {
  readonly closed: boolean;
  getHost(modid: number, cmdid: number, options?: CallOptions): Promise<Host>;
  getRoute(modid: number, cmdid: number, options?: CallOptions): Promise<RouteHost[]>;
  regInit(modid: number, cmdid: number, options?: CallOptions): Promise<boolean>;
  report(modid: number, cmdid: number, host: Host, result: ReportResult): void;
  /** An instance that registers itself (docs/registration.md): with the local agent, or over an embedded client's own DNS link. */
  register(options: RegisterOptions): Promise<Registration>;
  close(): Promise<void>;
}
