/** Which socket errors the call link and the registration socket treat as "no agent there". */
import t from 'tap';
import { isUnreachable } from '../../client/unreachable.js';

function errno(code: string | undefined): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(code ?? 'no code');
  if (code !== undefined) err.code = code;
  return err;
}

t.test('a refused port and an unreachable host or network mean unreachable', async (t) => {
  for (const code of ['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH']) t.ok(isUnreachable(errno(code)), code);
});

t.test('other failures are socket errors of their own', async (t) => {
  for (const code of ['EMSGSIZE', 'EADDRINUSE', 'ENOBUFS', 'EPERM']) t.notOk(isUnreachable(errno(code)), code);
  t.notOk(isUnreachable(errno(undefined)), 'an error without a code');
});
