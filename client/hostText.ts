/**
 * Dotted text of the addresses the embedded client hands out, and back.
 * Formatting an address costs more than the whole LB decision, and parsing
 * one in `report` as much again; both directions are cached per address, so
 * a pickHost + report pair allocates one small object and converts nothing.
 */
import { int32ToIpv4 } from '../runtime/net/ipv4.js';

/** Far above any real route table; past it the cache starts over rather than grow. */
const MAX_ADDRESSES = 65_536;

export class HostTextCache {
  private readonly textOf = new Map<number, string>();
  private readonly wireOf = new Map<string, number>();

  /** int32 wire form → "a.b.c.d". */
  text(ip: number): string {
    const cached = this.textOf.get(ip);
    if (cached !== undefined) return cached;
    if (this.textOf.size >= MAX_ADDRESSES) {
      this.textOf.clear();
      this.wireOf.clear();
    }
    const text = int32ToIpv4(ip);
    this.textOf.set(ip, text);
    this.wireOf.set(text, ip);
    return text;
  }

  /** The wire form of a text this cache made; undefined for any other string (parse it). */
  wire(text: string): number | undefined {
    return this.wireOf.get(text);
  }
}
