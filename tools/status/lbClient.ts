/**
 * Reads an agent's load-balancer state from its admin server (GET /lb),
 * trying each candidate address in turn. Every way it can fail is one
 * LbStatusError line: nothing listening, not an agent, unknown key, bad answer.
 */
import { request } from 'node:http';
import { CodedError, errorLine } from '../../runtime/errors.js';
import type { LbKeyState, LbStateDump } from '../../actors/lb/lbStateDump.js';
import type { RegistrationView } from '../../actors/lb/core/registrationView.js';

export interface LbTarget {
  /** HOST:PORT candidates, tried in order. */
  admins: string[];
  key: { modid: number; cmdid: number } | undefined;
  timeoutMs: number;
}

export interface LbState {
  /** The admin server that answered. */
  admin: string;
  key?: LbKeyState;
  all?: LbStateDump;
}

export class LbStatusError extends CodedError {
  constructor(message: string) {
    super('LB_STATUS', message);
  }
}

/** Every key of a busy agent fits many times over; a bigger answer is not an agent's. */
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

type Attempt = { kind: 'down'; why: string } | { kind: 'notAgent' } | { kind: 'answer'; status: number; body: unknown };

/** Plain node:http (fetch refuses some ports an admin server may well use, e.g. 6000). */
function get(admin: string, path: string, timeoutMs: number): Promise<Attempt> {
  return new Promise((resolve) => {
    const req = request(`http://${admin}${path}`, { agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (d: Buffer) => {
        size += d.length;
        if (size <= MAX_ANSWER_BYTES) chunks.push(d);
        else res.destroy(new Error(`answer over ${MAX_ANSWER_BYTES} bytes`));
      });
      res.on('error', (err) => resolve({ kind: 'answer', status: 502, body: { error: errorLine(err) } }));
      res.on('end', () => {
        if (!(res.headers['content-type'] ?? '').startsWith('application/json')) return resolve({ kind: 'notAgent' });
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ kind: 'answer', status: res.statusCode ?? 0, body: JSON.parse(text) as unknown });
        } catch {
          resolve({ kind: 'answer', status: 502, body: { error: `not JSON: ${JSON.stringify(text.slice(0, 80))}` } });
        }
      });
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'TIMEOUT' })));
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ kind: 'down', why: err.code === 'TIMEOUT' ? err.message : (err.code ?? errorLine(err)) }));
    req.end();
  });
}

function errorOf(body: unknown): string {
  const e = (body as { error?: unknown } | null)?.error;
  return typeof e === 'string' ? e : 'no reason given';
}

/** GET `path` from the first agent admin server that answers: its address and JSON body, or an LbStatusError line. */
export async function fetchFromAgent(admins: string[], path: string, timeoutMs: number): Promise<{ admin: string; body: unknown }> {
  const tried: string[] = [];
  let notAgent: string | undefined;
  for (const admin of admins) {
    const a = await get(admin, path, timeoutMs);
    if (a.kind === 'down') {
      tried.push(`${admin} (${a.why})`);
      continue;
    }
    if (a.kind === 'notAgent') {
      notAgent ??= admin;
      continue;
    }
    if (a.status !== 200) throw new LbStatusError(`agent at ${admin}: ${errorOf(a.body)}`);
    return { admin, body: a.body };
  }
  if (notAgent) throw new LbStatusError(`the admin server at ${notAgent} has no ${path.split('?')[0]}: it is not an agent's (give the agent's with --admin HOST:PORT)`);
  throw new LbStatusError(`no agent admin server answers on ${tried.join(', ')}; is the agent running? (lars start --role agent)`);
}

export async function fetchLbState(target: LbTarget): Promise<LbState> {
  const path = target.key ? `/lb?modid=${target.key.modid}&cmdid=${target.key.cmdid}` : '/lb';
  const { admin, body } = await fetchFromAgent(target.admins, path, target.timeoutMs);
  return target.key ? { admin, key: body as LbKeyState } : { admin, all: body as LbStateDump };
}

/** The agent's registration table (GET /registrations). */
export async function fetchRegistrations(admins: string[], timeoutMs: number): Promise<{ admin: string; registrations: RegistrationView[] }> {
  const { admin, body } = await fetchFromAgent(admins, '/registrations', timeoutMs);
  const list = (body as { registrations?: unknown } | null)?.registrations;
  if (!Array.isArray(list)) throw new LbStatusError(`agent at ${admin}: /registrations answered without a registrations list`);
  return { admin, registrations: list as RegistrationView[] };
}
