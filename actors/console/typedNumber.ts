/**
 * A whole number as a person types it: plain decimal digits, nothing else
 * (no `1e3`, `0x10`, ` 5`, `+5`, `5.0`). Refusals quote the text as given,
 * so the message shows what was typed, never what a coercion made of it.
 * The browser form (assets/console.js) applies the same rule and wording.
 */
import { HttpError } from './httpError.js';

const DIGITS = /^\d{1,15}$/;

/** `text`: what was typed or sent; `min`/`max`: the range allowed. */
export function typedWholeNumber(name: string, text: string, min: number, max: number, code: string): number {
  if (!DIGITS.test(text)) {
    const what = /^\d+$/.test(text) ? `is not from ${min} to ${max}` : 'is not a whole number';
    throw new HttpError(400, code, `${name} ${JSON.stringify(text)} ${what}`);
  }
  const n = Number(text);
  if (n < min || n > max) throw new HttpError(400, code, `${name} ${JSON.stringify(text)} is not from ${min} to ${max}`);
  return n;
}

/**
 * A JSON field that must be a number written as plain digits. `value`: the
 * parsed value (its type); `text`: the token as sent (jsonNumberTexts).
 */
export function jsonWholeNumber(name: string, value: unknown, text: string | undefined, min: number, max: number, code: string): number {
  if (value === undefined) throw new HttpError(400, code, `${name} missing: send a whole number from ${min} to ${max}`);
  if (typeof value === 'string') throw new HttpError(400, code, `${name} ${JSON.stringify(value)} is a string: send it as a JSON number like ${min}`);
  if (typeof value !== 'number' || text === undefined) throw new HttpError(400, code, `${name} ${JSON.stringify(value)} is not a whole number from ${min} to ${max}`);
  return typedWholeNumber(name, text, min, max, code);
}
