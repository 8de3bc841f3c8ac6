/**
 * lars-ts client: ask the local Lars agent which host serves (modid, cmdid),
 * and tell it how the call went.
 *
 *   import { LarsClient, LarsError } from 'lars-ts';
 */
export { LarsClient, DEFAULT_BASE_PORT, DEFAULT_HOST, DEFAULT_TIMEOUT_MS, DEFAULT_REGISTER_TIMEOUT_MS, portIndex } from './larsClient.js';
export type { RegisterOptions, Registration } from './registration.js';
export type { AgentRegistration, AgentRegistrationStats } from './agentRegistration.js';
export { LarsError, LarsArgumentError, RetCode, LARS_ERROR_CODES, LARS_CALL_ERROR_CODES, type LarsErrorCode, type LarsCallErrorCode, type LarsRegisterErrorCode } from './larsError.js';
export type { CallOptions, PickOptions, Host, RouteHost, LarsApi, LarsCallStats, LarsClientOptions, LarsClientStats, ReportResult } from './types.js';
export { EmbeddedLarsClient } from './embeddedClient.js';
export type { EmbeddedClientOptions, LoadBalanceOptions } from './embeddedOptions.js';
export type { EmbeddedClientStats, EmbeddedLinkStats } from './embeddedStats.js';
export type { RouteListener } from './routeWatchers.js';
