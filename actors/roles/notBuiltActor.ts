/**
 * Stand-in for an actor whose real implementation has not landed yet. It
 * starts, says so once, answers nothing, and stops cleanly, so a role's
 * shape (kinds, counts, links, supervision, admin) runs end to end today.
 */
import { defineActor } from '../../runtime/actors/actorDefinition.js';
import type { Message } from '../../runtime/mailbox/message.js';

interface State {
  ignored: number;
}

export default defineActor<undefined, State, Message>({
  start(_args, ctx) {
    ctx.log('not built yet (stub actor)', 'warn');
    return { ignored: 0 };
  },
  handle(state) {
    state.ignored++;
  },
  metrics(state) {
    return { counters: { ignored_messages: state.ignored } };
  },
});
