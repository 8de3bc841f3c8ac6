/**
 * The one rule for a key's service name ("orders.get" for modid 1 /
 * cmdid 1): every entry point (the store, `lars service`, `--service`, the
 * console's API and page) checks names here, so they all accept and refuse
 * the same text with the same words. Names live only in the store: the wire
 * carries numbers, as the original's does.
 */
import { CodedError } from '../runtime/errors.js';

export const MAX_KEY_NAME_LENGTH = 64;

/** Lower case, so `Orders.Get` and `orders.get` can never name two keys; a letter or digit first, so a name is never read as a flag. */
const KEY_NAME = /^[a-z0-9][a-z0-9._-]*$/;

export const KEY_NAME_RULE = `1 to ${MAX_KEY_NAME_LENGTH} characters of a-z 0-9 . _ -, starting with a letter or digit`;

/** A name that breaks the rule; the message quotes the text as typed (cut to 80 characters). */
export class KeyNameError extends CodedError {
  declare readonly code: 'BAD_KEY_NAME';
  /** The refused text, as given. */
  readonly text: string;

  constructor(text: string, why: string) {
    super('BAD_KEY_NAME', `service name ${JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text)}: ${why}`);
    this.text = text;
  }
}

/** The name if `text` is one, else a KeyNameError saying what is wrong with it. */
export function parseKeyName(text: unknown): string {
  if (typeof text !== 'string') throw new KeyNameError(String(text), `expected text (${KEY_NAME_RULE})`);
  if (text.length === 0 || text.length > MAX_KEY_NAME_LENGTH) throw new KeyNameError(text, `expected ${KEY_NAME_RULE}; it has ${text.length}`);
  if (KEY_NAME.test(text)) return text;
  if (KEY_NAME.test(text.toLowerCase())) throw new KeyNameError(text, `names are lower case (${JSON.stringify(text.toLowerCase())}?)`);
  throw new KeyNameError(text, `expected ${KEY_NAME_RULE}`);
}

export function isKeyNameError(err: unknown): err is KeyNameError {
  return err instanceof KeyNameError;
}
