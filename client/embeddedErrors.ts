/** The embedded client's LarsErrors for a key: closed, key limit, no DNS reached, and what a pick's retcode means. */
import { LarsRetCode } from '../actors/lb/core/retCode.js';
import { LarsError } from './larsError.js';

export function closedError(name: string, modid: number, cmdid: number): LarsError {
  return new LarsError('SYSTEM', `${name}(${modid}, ${cmdid}): the client is closed`);
}

export function keyLimitError(name: string, modid: number, cmdid: number, maxKeys: number): LarsError {
  return new LarsError('SYSTEM', `${name}(${modid}, ${cmdid}): the client already holds max_keys (${maxKeys}) keys`, { retcode: LarsRetCode.RET_SYSTEM_ERROR });
}

/** A key without a route while no DNS address was ever reached: `why` names the addresses and their failures. */
export function unreachedError(name: string, modid: number, cmdid: number, why: string): LarsError {
  return new LarsError('UNREACHABLE', `${name}(${modid}, ${cmdid}): no route, and ${why}`);
}

export function hostError(name: string, modid: number, cmdid: number, retcode: number, pending: boolean, maxKeys: number): LarsError {
  const call = `${name}(${modid}, ${cmdid})`;
  switch (retcode) {
    case LarsRetCode.RET_OVERLOAD:
      return new LarsError('OVERLOAD', `${call}: every host is overloaded`, { retcode });
    case LarsRetCode.RET_NOEXIST:
      return pending
        ? new LarsError('NOEXIST', `${call}: the key's route has not arrived from DNS yet (it is asked for; await getHost or regInit to wait for it)`, { retcode })
        : new LarsError('NOEXIST', `${call}: DNS knows no host for this key`, { retcode });
    default:
      return keyLimitError(name, modid, cmdid, maxKeys);
  }
}
