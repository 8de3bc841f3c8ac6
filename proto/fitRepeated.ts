/**
 * Splitting a repeated message field so that every message built from it
 * stays within a byte limit. Sizes come from the actual encoding of each
 * element (tag + length varint + encoded bytes, as protobuf lays out a
 * repeated sub-message), so elements of different sizes (a host with a
 * weight, an address that encodes as a 10-byte varint) are counted as they are.
 */
import { varintLen } from './varint.js';

export interface Fitted<T> {
  /** Consecutive runs of `items`, each fitting in `maxBody` with the base message. */
  runs: T[][];
  /** Elements too big to fit even alone (none for our messages). */
  unfit: number;
}

/**
 * @param baseLen encoded length of the message with the repeated field empty
 * @param fieldNo the repeated field's number
 * @param encodedLen encoded length of one element on its own
 */
export function fitRepeated<T>(baseLen: number, fieldNo: number, items: readonly T[], encodedLen: (item: T) => number, maxBody: number): Fitted<T> {
  const tagLen = varintLen((fieldNo << 3) | 2);
  const runs: T[][] = [];
  let run: T[] = [];
  let size = baseLen;
  let unfit = 0;
  for (const item of items) {
    const len = encodedLen(item);
    const entry = tagLen + varintLen(len) + len;
    if (baseLen + entry > maxBody) {
      unfit++;
      continue;
    }
    if (size + entry > maxBody) {
      runs.push(run);
      run = [];
      size = baseLen;
    }
    run.push(item);
    size += entry;
  }
  if (run.length > 0 || runs.length === 0) runs.push(run);
  return { runs, unfit };
}
