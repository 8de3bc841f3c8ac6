/**
 * Whether a UDP socket error means no agent can be reached at the address:
 * nothing listens on the port (the kernel's "port unreachable") or the host or
 * its network cannot be reached. Both the call link and the registration
 * socket fail fast on these instead of waiting for a timeout; any other error
 * is a socket failure of its own.
 */
const UNREACHABLE_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH']);

export function isUnreachable(err: NodeJS.ErrnoException): boolean {
  return err.code !== undefined && UNREACHABLE_CODES.has(err.code);
}
