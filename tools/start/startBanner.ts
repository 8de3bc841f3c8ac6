/**
 * What `--role all` (npm start) prints once everything is up: where each
 * role listens, the admin URL, and two commands to try. A newcomer reads
 * this instead of the ini files. It follows the timestamped
 * "lars: started <roles>; admin URL" line, which tools match.
 */
import { redactStoreUrl } from '../../store/storeUrl.js';
import { DEMO_FAILING_HOST } from '../demo/demoRoutes.js';

export interface BannerRole {
  role: string;
  /** The role's parsed ini sections ([dns], [reporter], [agent], ...). */
  sections: Record<string, Record<string, unknown>>;
}

const DEFAULT_AGENT_BASE_PORT = 8888;

function where(ip: unknown, port: unknown, to?: number): string {
  if (port === 0) return `${String(ip)}, a free port (logged above)`;
  return `${String(ip)}:${String(port)}${to === undefined ? '' : `-${to}`}`;
}

function roleLine(r: BannerRole): string | undefined {
  const s = r.sections;
  if (r.role === 'dns' && s['dns']) return `dns       tcp ${where(s['dns']['ip'], s['dns']['port'])}`;
  if (r.role === 'reporter' && s['reporter']) return `reporter  tcp ${where(s['reporter']['ip'], s['reporter']['port'])}`;
  if (r.role === 'console' && s['console']) return `console   http://${where(s['console']['ip'], s['console']['port'])}/`;
  const agent = s['agent'];
  if (r.role === 'agent' && agent) {
    const base = Number(agent['base_port']);
    return `agent     udp ${where(agent['ip'], base, base + 2)}`;
  }
  return undefined;
}

export function startBanner(roles: readonly BannerRole[], adminUrl: string, store: string | undefined): string {
  const agent = roles.find((r) => r.role === 'agent')?.sections['agent'];
  const base = Number(agent?.['base_port'] ?? DEFAULT_AGENT_BASE_PORT);
  const portFlag = base === DEFAULT_AGENT_BASE_PORT ? '' : ` --base-port ${base}`;
  const lines = [
    ...roles.flatMap((r) => roleLine(r) ?? []).map((l) => `  ${l}`),
    `  admin     ${adminUrl}/metrics  ${adminUrl}/healthz`,
    ...(store === undefined ? [] : [`  store     ${redactStoreUrl(store)}`]),
    'Try:',
    `  npx lars get-host --modid 1 --cmdid 1${portFlag}`,
    `  npx lars simulator --modid 1 --cmdid 1 --fail ${DEMO_FAILING_HOST}=0.5 --seconds 30${portFlag}`,
    'Ctrl-C stops.',
  ];
  return lines.join('\n');
}
