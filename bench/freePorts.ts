/**
 * Ports for processes a test or benchmark starts (and restarts on the same
 * address): the kernel picks a free one, we release it and hand the number on.
 */
import { createSocket } from 'node:dgram';
import { createServer, type AddressInfo } from 'node:net';

export async function freeTcpPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function udpFree(port: number): Promise<boolean> {
  const s = createSocket('udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.bind(port, '127.0.0.1', () => resolve());
    });
    return true;
  } catch {
    return false;
  } finally {
    s.close();
  }
}

/** A base port whose base, base+1 and base+2 are free for UDP (the agent's three ports). */
export async function freeUdpPortTriple(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 40_000);
    if ((await udpFree(base)) && (await udpFree(base + 1)) && (await udpFree(base + 2))) return base;
  }
  throw new Error('no three consecutive free UDP ports');
}
