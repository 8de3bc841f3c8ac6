/**
 * `[reactor]` in conf/reactor.ini: settings of the framed TCP/UDP runtime as
 * `lars qps-server` takes them. The roles do not read this file: their own
 * sections carry their listeners' and links' settings.
 */
import { parseSection, type SectionValues } from '../config/configSchema.js';
import type { IniSections } from '../config/iniFile.js';

export const reactorSchema = {
  ip: { kind: 'ipv4', default: '127.0.0.1', doc: 'Address to listen on.' },
  port: { kind: 'int', default: 7777, min: 0, max: 65535, doc: 'TCP port to listen on (0: any free port).' },
  max_conn: { kind: 'int', default: 1024, min: 1, max: 1_000_000, doc: 'Connections over this are accepted and closed at once (counted).' },
  max_out_bytes: { kind: 'int', default: 4 * 1024 * 1024, min: 65536, max: 1 << 30, doc: 'A peer that leaves this many bytes of our output unread is cut (counted), so one slow reader cannot grow memory without bound.' },
} as const;

export type ReactorConfig = SectionValues<typeof reactorSchema>;

export function parseReactorConfig(sections: IniSections, where: string, overrides: Record<string, unknown> = {}): ReactorConfig {
  return parseSection('reactor', reactorSchema, sections['reactor'], where, overrides);
}
