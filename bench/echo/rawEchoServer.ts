/**
 * The floor for the echo benchmark: a Node TCP server that writes back every
 * chunk it reads, no framing, no decoding. Whatever ours costs beyond this is
 * framing, routing and protobuf.
 */
import { createServer } from 'node:net';

const portArg = process.argv.indexOf('--port');
const port = portArg >= 0 ? Number(process.argv[portArg + 1]) : 0;
const server = createServer({ noDelay: true }, (socket) => {
  socket.on('data', (chunk) => socket.write(chunk));
  socket.on('error', () => undefined);
});
server.listen(port, '127.0.0.1', () => {
  const addr = server.address();
  if (addr && typeof addr === 'object') process.stdout.write(`raw echo listening on 127.0.0.1:${addr.port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
