/**
 * The shape every mailbox message has: a discriminated union on `type`,
 * declared once in a protocol module and imported by both ends.
 */
export interface Message {
  readonly type: string;
}

/**
 * Reply type of each askable message type, e.g.
 * `interface Replies { getStats: StatsReply; ping: 'pong' }`. Message types
 * missing from the map are tell-only: `ask` does not accept them.
 */
export type ReplyMap = object;

/** The messages of `M` that may be asked, given the reply map `R`. */
export type AskableMessage<M extends Message, R extends ReplyMap> = Extract<M, { type: keyof R }>;

/** The reply to message `Q` under reply map `R`. */
export type ReplyOf<R extends ReplyMap, Q extends Message> = R[Q['type'] & keyof R];

/** Where a message came from: an actor kind and instance, or the supervisor. */
export interface PeerInfo {
  readonly kind: string;
  readonly index: number;
}

export const SUPERVISOR_PEER: PeerInfo = Object.freeze({ kind: '$supervisor', index: 0 });
