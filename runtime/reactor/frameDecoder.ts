/**
 * Splits a TCP byte stream into frames. Modelled on pg-protocol's parser:
 * a chunk that holds only whole frames is parsed in place; a partial frame at
 * the end is kept by reference and only the next chunk's bytes are copied
 * after it, into a buffer that grows geometrically and is reused. No
 * Buffer.concat per chunk.
 *
 * Bodies handed to the sink are views into that buffer: valid only during the
 * call. A handler that keeps a body must copy it.
 */
import { HEADER_LEN, isValidBodyLen } from './frame.js';

/** Return false to stop parsing (the connection is being closed). */
export type FrameSink = (msgid: number, body: Buffer) => boolean | void;

export type DecodeResult = 'ok' | 'badLength' | 'stopped';

const EMPTY = Buffer.alloc(0);

export class FrameDecoder {
  private buf: Buffer = EMPTY;
  private off = 0;
  private len = 0;
  /** True when `buf` is ours to overwrite (not a chunk lent by the socket). */
  private owned = false;
  private spare: Buffer = EMPTY;

  /** Bytes of an incomplete frame waiting for the rest. */
  get pending(): number {
    return this.len;
  }

  push(chunk: Buffer, sink: FrameSink): DecodeResult {
    this.append(chunk);
    const buf = this.buf;
    const end = this.off + this.len;
    let off = this.off;
    let result: DecodeResult = 'ok';
    while (end - off >= HEADER_LEN) {
      const msgid = buf.readInt32LE(off);
      const bodyLen = buf.readInt32LE(off + 4);
      if (!isValidBodyLen(bodyLen)) {
        result = 'badLength';
        off = end;
        break;
      }
      const frameEnd = off + HEADER_LEN + bodyLen;
      if (frameEnd > end) break;
      const body = buf.subarray(off + HEADER_LEN, frameEnd);
      off = frameEnd;
      if (sink(msgid, body) === false) {
        result = 'stopped';
        off = end;
        break;
      }
    }
    this.consumed(off, end);
    return result;
  }

  /** Forget any partial frame (connection closed). */
  reset(): void {
    this.consumed(0, 0);
  }

  private consumed(off: number, end: number): void {
    if (off >= end) {
      if (this.owned) this.spare = this.buf;
      this.buf = EMPTY;
      this.off = 0;
      this.len = 0;
      this.owned = false;
    } else {
      this.off = off;
      this.len = end - off;
    }
  }

  private append(chunk: Buffer): void {
    if (this.len === 0) {
      // Common case: nothing pending, parse the chunk where it lies.
      this.buf = chunk;
      this.off = 0;
      this.len = chunk.length;
      this.owned = false;
      return;
    }
    const need = this.len + chunk.length;
    if (this.owned && this.off + need <= this.buf.length) {
      chunk.copy(this.buf, this.off + this.len);
      this.len = need;
      return;
    }
    let target: Buffer;
    if (this.owned && need <= this.buf.length) {
      target = this.buf;
      target.copyWithin(0, this.off, this.off + this.len);
    } else {
      target = this.spare.length >= need ? this.spare : Buffer.allocUnsafe(Math.max(need, this.buf.length * 2, 4096));
      this.buf.copy(target, 0, this.off, this.off + this.len);
      this.spare = EMPTY;
    }
    chunk.copy(target, this.len);
    this.buf = target;
    this.off = 0;
    this.len = need;
    this.owned = true;
  }
}
