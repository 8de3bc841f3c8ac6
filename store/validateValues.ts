/**
 * Checks on values before they reach SQL, so a bad value is a STORE_BAD_DATA
 * naming the field instead of a clamped column or a driver-specific error.
 */
import { StoreError } from './storeError.js';
import { isInt32, isUint32 } from '../runtime/net/ipv4.js';
import { MAX_WEIGHT, MIN_WEIGHT } from '../proto/hostWeight.js';

function reject(field: string, value: unknown, expected: string): never {
  throw new StoreError('STORE_BAD_DATA', `${field} ${String(value)}: expected ${expected}`);
}

export function checkInt32(field: string, value: number): number {
  return isInt32(value) ? value : reject(field, value, 'a signed 32-bit integer');
}

export function checkUint32(field: string, value: number): number {
  return isUint32(value) ? value : reject(field, value, 'an unsigned 32-bit integer');
}

export function checkPort(field: string, value: number): number {
  return Number.isInteger(value) && value >= 1 && value <= 65535 ? value : reject(field, value, 'a port between 1 and 65535');
}

export function checkSafeUint(field: string, value: number): number {
  return Number.isSafeInteger(value) && value >= 0 ? value : reject(field, value, 'a non-negative integer');
}

/** A route host's weight: an integer 1…1000 (the wire and the LB clamp to this range too). */
export function checkWeight(field: string, value: number): number {
  return Number.isInteger(value) && value >= MIN_WEIGHT && value <= MAX_WEIGHT ? value : reject(field, value, `an integer from ${MIN_WEIGHT} to ${MAX_WEIGHT}`);
}
