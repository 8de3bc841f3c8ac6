/** What the supervisor hands a new actor worker (as workerData). */
import type { MessagePort } from 'node:worker_threads';
import type { LogLevel } from '../log/logLine.js';

export interface WorkerBoot {
  moduleUrl: string;
  role: string;
  kind: string;
  index: number;
  name: string;
  args: unknown;
  restored: unknown;
  /** Linked kinds and their instance counts: one link slot per instance. */
  peers: Array<{ kind: string; count: number }>;
  /** Ports to peers already running; the rest arrive through the control plane's `link`. */
  peerPorts: Array<{ kind: string; index: number; port: MessagePort }>;
  /** The control plane (comlink, both ways); the data plane to the supervisor stays on parentPort. */
  controlPort: MessagePort;
  mailbox: MailboxSettings;
  /** Lines below this level are dropped in the worker, before they cost a message. */
  logLevel: LogLevel;
}

export interface MailboxSettings {
  capacity: number;
  overflow: 'drop' | 'reject';
  askTimeoutMs: number;
  batching: boolean;
}
