/**
 * Documentation rendered from the schemas themselves, so the shipped ini
 * files, `lars config` and the README tables cannot drift from the code
 * (test/supervisor/shippedConf.test.ts compares them byte for byte).
 */
import type { FieldSpec, SectionSpec } from './configSchema.js';

/** How a default reads in prose: an empty one would look like a missing word. */
function defaultDoc(f: FieldSpec): string {
  const text = String(f.default);
  return text === '' ? '(empty)' : text;
}

/** A doc as one sentence ending in a period, whether or not its author wrote one. */
function sentence(doc: string): string {
  return `${doc.replace(/\.$/, '')}.`;
}

/** Greedy fill of words into comment lines; a word is never split. */
function wrap(words: readonly string[], width = 76): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
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
    const words = `${sentence(f.doc)}${f.reloadable ? ' (reloadable)' : ''}`.split(/\s+/);
    // "Default: 30000" stays on one line: a default alone at a line start reads as a stray number.
    for (const l of wrap([...words, `Default: ${defaultDoc(f)}`])) out.push(`; ${l}`);
    const value = String(f.default);
    const line = value === '' ? `${key} =` : `${key} = ${value}`;
    // An empty default is `key =`, with no trailing blank an editor would strip.
    out.push(f.kind === 'int' && f.sizedWhenUnset ? `; ${line}` : line);
  }
  return `${out.join('\n')}\n`;
}

/** One markdown table row of a key, as the README carries it. */
function markdownRow(key: string, f: FieldSpec): string {
  const shown = String(f.default) === '' ? '(empty)' : `\`${String(f.default)}\``;
  return `| \`${key}\` | ${shown} | ${f.reloadable ? 'yes' : ''} | ${sentence(f.doc).replace(/\|/g, '\\|')} |`;
}

/** The rows of a section's table, one per key (the README test looks for each). */
export function markdownRows(spec: SectionSpec): string[] {
  return Object.entries(spec).map(([key, f]) => markdownRow(key, f));
}

/** A markdown table of a section for the README. */
export function renderMarkdownSection(name: string, spec: SectionSpec): string {
  return [`\`[${name}]\``, '', '| key | default | reloads | meaning |', '|---|---|---|---|', ...markdownRows(spec)].join('\n');
}
