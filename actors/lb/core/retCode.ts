/**
 * LarsRetCode values as they travel on the wire. Declared here so the pure LB
 * core does not pull in the generated protobuf module.
 */
export const LarsRetCode = {
  RET_SUCC: 0,
  RET_OVERLOAD: 1,
  RET_SYSTEM_ERROR: 2,
  RET_NOEXIST: 3,
  // Registration answers only (docs/registration.md), never in a GetHostResponse.
  RET_REFUSED: 4,
  RET_BAD_ARGUMENT: 5,
  RET_UNAVAILABLE: 6,
} as const;

export type LarsRetCode = (typeof LarsRetCode)[keyof typeof LarsRetCode];
