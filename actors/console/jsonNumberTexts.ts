/**
 * The number tokens of a JSON object's top-level fields as they were written.
 * JSON.parse turns `1e3` into 1000 and `100000000000000000000` into 1e20, so
 * the API checks (and echoes) the text the client sent, not the parsed value.
 */

/** Field name → the text of its number, for top-level fields whose value is a number. */
export function jsonNumberTexts(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let depth = 0;
  let lastString: string | undefined;
  let key: string | undefined;
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      lastString = text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === '-' || (ch >= '0' && ch <= '9')) {
      let j = i;
      while (j < text.length && /[-+\d.eE]/.test(text[j] as string)) j++;
      if (depth === 1 && key !== undefined) out.set(key, text.slice(i, j));
      i = j;
      continue;
    }
    if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') depth--;
    else if (ch === ':' && depth === 1 && lastString !== undefined) key = JSON.parse(lastString) as string;
    else if (ch === ',' && depth === 1) key = undefined;
    i++;
  }
  return out;
}
