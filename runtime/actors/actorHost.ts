/**
 * Runs one actor definition against its links: the supervisor's control
 * link and one link per linked peer instance. Control messages (`$...`) from
 * the supervisor are served here; everything else goes through the actor's
 * inbox to `handle`, one at a time.
 *
 * Used by the worker entry (actorWorker.ts) and usable in-thread in tests.
 */
import { CodedError, errorLine } from '../errors.js';
import type { Clock } from '../mailbox/clock.js';
import { Inbox, type MessageSink } from '../mailbox/inbox.js';
import { MailboxLink } from '../mailbox/mailboxLink.js';
import { addMailboxStats, emptyMailboxStats } from '../mailbox/mailboxStats.js';
import { isControlType, SUPERVISOR_PEER, type Message, type PeerInfo } from '../mailbox/message.js';
import type { PortLike } from '../mailbox/portLike.js';
import type { ActorContext } from './actorContext.js';
import type { LoadedActorDefinition } from './actorDefinition.js';
import { ActorGroup } from './actorRef.js';
import type { ActorEvent, ActorStatsReport, ControlRequest, StopReport, WorkerBoot } from './controlProtocol.js';
import { Timers } from './timers.js';

export class NoSuchLinkError extends CodedError {
  constructor(from: string, kind: string) {
    super('NO_SUCH_LINK', `${from} is not linked to "${kind}" (add the pair to the role's links)`);
  }
}

export interface ActorHostOptions {
  boot: WorkerBoot;
  definition: LoadedActorDefinition;
  control: PortLike;
  clock: Clock;
  /** The actor failed (handler threw, start failed): end the thread with `err`. */
  crash(err: unknown): void;
  /** Graceful stop finished and was reported: end the thread. */
  exit(): void;
  log?: (line: string) => void;
}

export class ActorHost implements MessageSink {
  private readonly boot: WorkerBoot;
  private readonly def: LoadedActorDefinition;
  private readonly opts: ActorHostOptions;
  private readonly inbox: Inbox;
  private readonly control: MailboxLink;
  private readonly peerLinks = new Map<string, MailboxLink[]>();
  private readonly groups = new Map<string, ActorGroup<Message>>();
  private readonly timers: Timers;
  private readonly errors: Record<string, number> = {};
  private readonly ctx: ActorContext;
  private state: unknown;
  private ready = false;
  private sender: PeerInfo | undefined;
  private started: Promise<void> | undefined;

  constructor(opts: ActorHostOptions) {
    this.opts = opts;
    this.boot = opts.boot;
    this.def = opts.definition;
    const { mailbox } = opts.boot;
    this.inbox = new Inbox((m, from) => this.handleUser(m, from), (err) => this.fail(err));
    this.inbox.pause(); // until start() has built the state
    this.timers = new Timers(opts.clock, (fn) => this.inbox.runLocal(fn));
    this.control = new MailboxLink({ target: 'supervisor', peer: SUPERVISOR_PEER, clock: opts.clock, ...mailbox, sink: this });
    for (const { kind, count } of opts.boot.peers) {
      const links: MailboxLink[] = [];
      for (let i = 0; i < count; i++) {
        const target = count === 1 ? kind : `${kind}-${i}`;
        links.push(new MailboxLink({ target, peer: { kind, index: i }, clock: opts.clock, ...mailbox, sink: this.inbox }));
      }
      this.peerLinks.set(kind, links);
    }
    for (const { kind, index, port } of opts.boot.peerPorts) this.attachPeer(kind, index, port);
    this.ctx = this.makeContext();
  }

  /** Builds the state, then opens the inbox and tells the supervisor it is up. A failure goes to `crash`. */
  start(): Promise<void> {
    this.control.attach(this.opts.control);
    this.started = (async () => {
      this.state = await this.def.start(this.boot.args, this.ctx, this.boot.restored);
      this.ready = true;
      this.inbox.resume();
      const ready: ActorEvent = { type: '$ready' };
      this.control.tell(ready);
    })();
    this.started.catch((err: unknown) => this.fail(err));
    return this.started;
  }

  /** MessageSink for the control link: `$` messages are runtime business. */
  deliver(link: MailboxLink, askId: number, message: Message): void {
    if (!isControlType(message.type)) {
      this.inbox.deliver(link, askId, message);
      return;
    }
    const request = message as ControlRequest;
    let result: Promise<unknown>;
    try {
      result = Promise.resolve(this.serveControl(request));
    } catch (err) {
      result = Promise.reject(err);
    }
    result.then(
      (value) => {
        if (askId >= 0) link.reply(askId, value);
        link.noteHandled();
        if (request.type === '$stop') this.finishStop();
      },
      (err: unknown) => {
        // A failed reload also crashed the inbox it ran in; that path restarts the actor.
        if (askId >= 0) link.fail(askId, err);
        link.noteHandled();
      },
    );
  }

  private serveControl(request: ControlRequest): unknown {
    switch (request.type) {
      case '$stats':
        return this.statsReport();
      case '$link':
        this.attachPeer(request.kind, request.index, request.port);
        return undefined;
      case '$reload':
        return new Promise<true>((resolve, reject) => {
          this.boot.args = request.args;
          this.inbox.runLocal(async () => {
            try {
              await this.def.reload?.(this.state, request.args, this.ctx);
              resolve(true);
            } catch (err) {
              reject(err);
              throw err;
            }
          });
        });
      case '$stop':
        return this.stop(request.drainFrom, request.budgetMs);
    }
  }

  private async stop(drainFrom: string[], budgetMs: number): Promise<StopReport> {
    await this.started?.catch(() => undefined);
    const waits = drainFrom.flatMap((kind) => this.peerLinks.get(kind) ?? []).map((l) => l.whenDetached());
    let undrained = 0;
    if (waits.length > 0) {
      let timer: unknown;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = this.opts.clock.setTimeout(() => resolve('timeout'), Math.max(0, budgetMs / 2));
      });
      if ((await Promise.race([Promise.all(waits), timedOut])) === 'timeout') {
        undrained = drainFrom.flatMap((kind) => this.peerLinks.get(kind) ?? []).filter((l) => l.attached).length;
      }
      this.opts.clock.clearTimeout(timer);
    }
    const drained = this.inbox.depth;
    await this.inbox.whenIdle();
    this.inbox.pause();
    this.timers.cancelAll();
    await this.def.stop?.(this.state, this.ctx);
    this.timers.cancelAll();
    this.inbox.close(this.boot.name);
    return { drained, undrained };
  }

  private finishStop(): void {
    for (const links of this.peerLinks.values()) for (const l of links) l.close();
    this.control.flush();
    this.opts.exit();
  }

  private handleUser(message: Message, from: PeerInfo): unknown {
    this.sender = from;
    try {
      return this.def.handle(this.state, message, this.ctx);
    } finally {
      this.sender = undefined;
    }
  }

  private attachPeer(kind: string, index: number, port: PortLike): void {
    const link = this.peerLinks.get(kind)?.[index];
    if (!link) {
      this.countError('unknown_link');
      return;
    }
    link.attach(port);
  }

  /** Flushes what we owe (replies, the failed ask's error), then hands the error to the thread. */
  private fail(err: unknown): void {
    this.control.flush();
    for (const links of this.peerLinks.values()) for (const l of links) l.flush();
    this.opts.crash(err);
  }

  private countError(kind: string, by = 1): void {
    this.errors[kind] = (this.errors[kind] ?? 0) + by;
  }

  private log(line: string): void {
    (this.opts.log ?? ((l: string) => process.stderr.write(`${l}\n`)))(`[${this.boot.role}/${this.boot.name}] ${line}`);
  }

  private statsReport(): ActorStatsReport {
    const mailbox = addMailboxStats(emptyMailboxStats(), this.control.stats());
    for (const links of this.peerLinks.values()) for (const l of links) addMailboxStats(mailbox, l.stats());
    let metrics = {};
    try {
      if (this.ready) metrics = this.def.metrics?.(this.state) ?? {};
    } catch (err) {
      this.countError('metrics_failed');
      this.log(`metrics() failed: ${errorLine(err)}`);
    }
    return { handled: this.inbox.handled, depth: this.inbox.depth, mailbox, errors: { ...this.errors }, metrics, timers: this.timers.active };
  }

  private makeContext(): ActorContext {
    const host = this;
    const { role, kind, index, name } = this.boot;
    return {
      role,
      kind,
      index,
      name,
      clock: this.opts.clock,
      get sender() {
        return host.sender;
      },
      after: (ms, fn) => this.timers.after(ms, fn),
      every: (ms, fn) => this.timers.every(ms, fn),
      peers: <PM extends Message, PR extends object>(peerKind: string) => {
        let group = this.groups.get(peerKind);
        if (!group) {
          const links = this.peerLinks.get(peerKind);
          if (!links) throw new NoSuchLinkError(name, peerKind);
          group = new ActorGroup<Message>(peerKind, links);
          this.groups.set(peerKind, group);
        }
        return group as unknown as ActorGroup<PM, PR>;
      },
      saveSnapshot: (data) => {
        const event: ActorEvent = { type: '$snapshot', data };
        this.control.tell(event);
      },
      countError: (errKind, by) => this.countError(errKind, by),
      log: (line) => this.log(line),
    };
  }
}
