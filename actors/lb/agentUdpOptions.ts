/** How an AgentUdpService is set up: its port, its hooks to the dns-client, its bounds. */
import type { Clock } from '../../runtime/mailbox/clock.js';
import type { RegistrationForward } from './appRegistrations.js';
import type { LbThresholds } from './core/lbConfig.js';
import type { HostStateListener } from './core/hostStateEvent.js';
import type { WrongPortOptions } from './wrongPort.js';

export interface AgentUdpServiceOptions {
  ip: string;
  /** 0 picks a free port (tests); `bind()` says which. */
  port: number;
  /**
   * Ask DNS for the key's route. Return false (or throw) when the request
   * cannot be sent: the key is then claimed again by its next use.
   */
  onPull: (modid: number, cmdid: number) => boolean | void;
  /**
   * This port's place among the agent's ports: requests for keys another
   * port owns are handed to it. Without it, this port serves every key.
   */
  wrongPort?: WrongPortOptions;
  /**
   * Applications' registrations (ids 19 and 21) go here, to the agent's one
   * registration table; without it those ids are unknown on this port.
   */
  onRegistration?: RegistrationForward;
  clock?: Clock;
  thresholds?: LbThresholds;
  /** The agent's zone ([agent] zone): its idle hosts first (core/zonePicker.ts); absent or '': none. */
  zone?: string;
  maxKeys?: number;
  /** Told of every host ejection and return (the agent logs them). */
  onHostState?: HostStateListener;
  /** How long a first request waits for its route (default 50 ms). */
  pullWaitMs?: number;
  maxParkedPerKey?: number;
  maxParkedTotal?: number;
  recvBufferBytes?: number;
  /** A bug in a handler (never bad input, which is counted): for logging. */
  onHandlerError?: (err: unknown) => void;
}

export const DEFAULT_PULL_WAIT_MS = 50;
export const DEFAULT_MAX_PARKED_PER_KEY = 1_000;
export const DEFAULT_MAX_PARKED_TOTAL = 10_000;
/** Real requests are under 50 bytes (a registration with a check URL a few hundred); bigger bodies are dropped unread. */
export const MAX_REQUEST_BODY = 4096;
