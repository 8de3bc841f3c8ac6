/**
 * comlink over a worker_threads MessagePort (ESM glue: comlink ships its
 * Node adapter as UMD without an `exports` map). One port carries calls both
 * ways: comlink's exposing side ignores reply messages and its wrapping side
 * ignores requests whose id it did not issue, so each end may expose an API
 * and wrap the other's on the same port.
 */
import * as Comlink from 'comlink';
import nodeEndpointModule from 'comlink/dist/umd/node-adapter.js';
import type { MessagePort } from 'node:worker_threads';
import { CodedError } from '../errors.js';
import { toErrorWire, type ErrorWire } from '../mailbox/mailboxErrors.js';

type NodeEndpointFn = (port: MessagePort) => Comlink.Endpoint;
const nodeEndpoint: NodeEndpointFn =
  ((nodeEndpointModule as unknown as { default?: NodeEndpointFn }).default ?? (nodeEndpointModule as unknown as NodeEndpointFn));

export type Remote<T> = Comlink.Remote<T>;

/** What a remote API method threw, with its `code` when it had one (comlink alone keeps only the message). */
export class RemoteCallError extends CodedError {
  constructor(readonly remoteCode: string | undefined, message: string) {
    super('REMOTE_CALL_FAILED', message);
  }
}

// Comlink's own handler for thrown values, keeping its detection but carrying the code.
// Installed by whichever thread loads this module, so both ends agree.
const thrown = Comlink.transferHandlers.get('throw');
if (thrown) {
  Comlink.transferHandlers.set('throw', {
    canHandle: thrown.canHandle,
    serialize: (box) => [toErrorWire((box as { value: unknown }).value), []],
    deserialize: (wire) => {
      const { code, message } = wire as ErrorWire;
      throw new RemoteCallError(code, message);
    },
  });
}

export interface ComlinkPort {
  readonly port: MessagePort;
  readonly endpoint: Comlink.Endpoint;
}

export function comlinkPort(port: MessagePort): ComlinkPort {
  return { port, endpoint: nodeEndpoint(port) };
}

/** Serves `api`'s methods to calls arriving on the port. */
export function exposeApi(on: ComlinkPort, api: object): void {
  Comlink.expose(api, on.endpoint);
}

/** Calls the API the other end exposes; every call returns a promise. */
export function wrapApi<T>(on: ComlinkPort): Remote<T> {
  return Comlink.wrap<T>(on.endpoint);
}

/** Marks a value (a MessagePort) to be moved, not copied, with the call it is an argument of. */
export function moved<T extends object>(value: T, items: readonly object[]): T {
  return Comlink.transfer(value, items as Parameters<typeof Comlink.transfer>[1]);
}
