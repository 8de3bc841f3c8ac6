/**
 * Documentation rendered from the schemas themselves, so the shipped ini
 * files, `lars config` and the README tables cannot drift from the code.
 */
import type { FieldSpec, SectionSpec } from './configSchema.js';

function defaultText(f: FieldSpec): string {
  return String(f.default);
}

function wrap(text: string, width = 76): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** One commented ini section: every key with its doc, whether it reloads, and its default. */
export function renderIniSection(name: string, spec: SectionSpec): string {
  const out = [`[${name}]`];
  for (const [key, f] of Object.entries(spec)) {
    const doc = `${f.doc.replace(/\.$/, '')}.${f.reloadable ? ' (reloadable)' : ''} Default: ${defaultText(f)}`;
    for (const l of wrap(doc)) out.push(`; ${l}`);
    out.push(`${key} = ${defaultText(f)}`);
  }
  return `${out.join('\n')}\n`;
}

/** A markdown table of a section for the README. */
export function renderMarkdownSection(name: string, spec: SectionSpec): string {
  const rows = Object.entries(spec).map(([key, f]) => `| \`${key}\` | \`${defaultText(f)}\` | ${f.reloadable ? 'yes' : ''} | ${f.doc.replace(/\|/g, '\\|')} |`);
  return [`\`[${name}]\``, '', '| key | default | reloads | meaning |', '|---|---|---|---|', ...rows].join('\n');
}
