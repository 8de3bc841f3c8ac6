/**
 * A TCP forwarder a test controls, to put between a client and a server it
 * does not own (the reporter and MariaDB): `cut()` kills every forwarded
 * connection and closes the listener (new connects get ECONNREFUSED, as
 * from a dead server); `restore()` listens again on the same port.
 *
 *   const proxy = await TcpProxy.start(3306);
 *   // point the client at 127.0.0.1:proxy.port
 *   await proxy.cut(); … await proxy.restore();
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export class TcpProxy {
  /** Client connections accepted over the proxy's life. */
  accepted = 0;
  private server: Server | undefined;
  private readonly pairs = new Set<Socket>();
  private waiters: Array<() => void> = [];

  private listenPort = 0;

  private constructor(
    private readonly targetPort: number,
    private readonly targetHost: string,
  ) {}

  static async start(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
    const proxy = new TcpProxy(targetPort, targetHost);
    proxy.listenPort = await proxy.listen(0);
    return proxy;
  }

  /** The port clients connect to; the same after restore(). */
  get port(): number {
    return this.listenPort;
  }

  get isUp(): boolean {
    return this.server !== undefined;
  }

  /** Client sockets currently forwarded. */
  get openConnections(): number {
    return this.pairs.size;
  }

  /** Resolves once `count` connections have been accepted in total. */
  async waitForAccepted(count: number): Promise<void> {
    while (this.accepted < count) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Drop every forwarded connection at once and refuse new ones until restore(). */
  async cut(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.pairs) socket.destroy();
    await closed;
  }

  async restore(): Promise<void> {
    if (this.server !== undefined) return;
    await this.listen(this.listenPort);
  }

  async close(): Promise<void> {
    await this.cut();
  }

  private listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const server = createServer((client) => this.onClient(client));
      server.once('error', reject);
      server.listen({ host: '127.0.0.1', port }, () => {
        server.off('error', reject);
        this.server = server;
        const address = server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : port);
      });
    });
  }

  private onClient(client: Socket): void {
    this.accepted++;
    for (const w of this.waiters.splice(0)) w();
    const upstream = connect({ host: this.targetHost, port: this.targetPort });
    for (const [a, b] of [[client, upstream], [upstream, client]] as const) {
      this.pairs.add(a);
      a.on('error', () => b.destroy());
      a.on('close', () => {
        this.pairs.delete(a);
        b.destroy();
      });
      a.pipe(b);
    }
  }
}
