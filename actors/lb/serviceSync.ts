/**
 * Brings the registrar's config instances in line with the declarations
 * just read (start, SIGHUP, /-/reload): a declaration no longer there is
 * deregistered, a new one registered, a changed one (weight, ttl, check)
 * sent again. An instance's key is its address, so a declaration whose
 * address changed is the old instance withdrawn and a new one registered.
 */
import { instanceKey } from '../../proto/registration.js';
import type { Registrar } from './core/registrar.js';
import type { ServiceDeclaration } from './serviceDeclarations.js';

export interface ServiceSyncResult {
  added: string[];
  removed: string[];
  kept: string[];
}

export const serviceHolder = (name: string): string => `service.${name}`;

export function syncServices(registrar: Registrar, declarations: readonly ServiceDeclaration[]): ServiceSyncResult {
  const wanted = new Map(declarations.map((d) => [instanceKey(d.instance), d]));
  const result: ServiceSyncResult = { added: [], removed: [], kept: [] };
  for (const e of registrar.entriesOf('config')) {
    if (wanted.has(e.key)) continue;
    registrar.deregister(e.instance);
    result.removed.push(`${e.holder} (${e.key})`);
  }
  for (const [key, d] of wanted) {
    const known = registrar.get(key)?.source === 'config';
    registrar.register(structuredClone(d.instance), 'config', serviceHolder(d.name));
    (known ? result.kept : result.added).push(`${serviceHolder(d.name)} (${key})`);
  }
  return result;
}
