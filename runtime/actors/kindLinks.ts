/**
 * Which actor kinds of a role have direct channels to each other (the
 * spec's `links`, both ways) and the wiring of those channels between
 * instances. The channels die with a worker, so every new incarnation is
 * wired afresh to each running instance of the kinds it is linked with.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { errorLine } from '../errors.js';
import type { ActorSlot } from './actorSlot.js';
import type { AnyRoleSpec } from './actorSpec.js';
import { moved } from './comlinkPort.js';
import { BadRoleSpecError } from './roleErrors.js';

export interface PeerPort {
  kind: string;
  index: number;
  port: MessagePort;
}

export class KindLinks {
  private readonly linked = new Map<string, Set<string>>();

  constructor(private readonly spec: AnyRoleSpec) {
    const kinds = spec.actors.map((a) => a.kind);
    for (const [a, b] of spec.links ?? []) {
      for (const k of [a, b]) if (!kinds.includes(k)) throw new BadRoleSpecError(spec.role, `link names unknown kind "${k}"`);
      this.add(a, b);
      this.add(b, a);
    }
  }

  /** The kinds `kind` has channels to, in the order the spec named them. */
  of(kind: string): string[] {
    return [...(this.linked.get(kind) ?? [])];
  }

  /** What an instance of `kind` is told about its peers at boot: each linked kind and its instance count. */
  peersOf(kind: string): Array<{ kind: string; count: number }> {
    return this.of(kind).map((peer) => ({ kind: peer, count: this.countOf(peer) }));
  }

  /**
   * One channel from `slot` to every running instance of its linked kinds:
   * the far ends go to the peers through their control channels, the near
   * ends are returned for the slot's next spawn.
   */
  wire(slot: ActorSlot, instancesOf: (kind: string) => readonly ActorSlot[], askTimeoutMs: number, warn: (line: string) => void): PeerPort[] {
    const ports: PeerPort[] = [];
    for (const peerKind of this.of(slot.kind)) {
      for (const peer of instancesOf(peerKind)) {
        const control = peer.controlChannel;
        if (peer === slot || !control) continue;
        const { port1, port2 } = new MessageChannel();
        ports.push({ kind: peerKind, index: peer.index, port: port1 });
        control
          .call('link', askTimeoutMs, (api) => api.link(slot.kind, slot.index, moved(port2, [port2])))
          .catch((err: unknown) => {
            // A peer that went meanwhile gets fresh ports to everyone when it restarts.
            if ((err as { code?: unknown }).code !== 'PEER_GONE') warn(`${this.spec.role}/${peer.name}: no link to ${slot.name} (${errorLine(err)})`);
          });
      }
    }
    return ports;
  }

  private add(a: string, b: string): void {
    const set = this.linked.get(a) ?? new Set<string>();
    set.add(b);
    this.linked.set(a, set);
  }

  private countOf(kind: string): number {
    const spec = this.spec.actors.find((a) => a.kind === kind);
    return spec?.count ?? 1;
  }
}
