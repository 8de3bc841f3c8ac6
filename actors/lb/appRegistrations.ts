/**
 * Ids 19–21 on the agent's UDP ports (docs/registration.md): an application
 * registers one instance (ID_API_RegisterRequest, also its heartbeat every
 * ttl/3) or withdraws it (ID_API_DeregisterRequest). Any port takes any
 * instance: the request goes to the dns-client, which holds the agent's one
 * registration table beside its DNS link, and the answer
 * (ID_API_RegisterResponse) leaves from the port the application asked.
 *
 * Bad input is handled as for the other ids: an oversized or undecodable
 * body is counted and dropped (BadBodyError); a body that decodes but does
 * not carry exactly one instance is answered RET_BAD_ARGUMENT and counted.
 */
import { lars } from '../../proto/generated/lars.js';
import { instanceFields } from '../../proto/registration.js';
import { decodeBody, type MsgRouter } from '../../runtime/reactor/msgRouter.js';
import type { UdpPeer } from '../../runtime/reactor/udpServer.js';
import type { AppDeregister, AppRegister, AppRegistrationAnswer } from './agentProtocol.js';
import type { AgentUdpCounters } from './agentUdpStats.js';
import { LarsRetCode } from './core/retCode.js';

const ID = lars.MessageId;
/** An application's name for itself is shown, never trusted: cut to this. */
const MAX_OWNER_TEXT = 128;

/** Hands a request to the dns-client; false (or a throw) when it cannot be told. */
export type RegistrationForward = (req: AppRegister | AppDeregister) => boolean;

export class AppRegistrationDesk {
  constructor(
    private readonly forward: RegistrationForward,
    private readonly counters: AgentUdpCounters,
    /** Throws BadBodyError (counted) past the agent's request size. */
    private readonly checkSize: (body: Buffer, msgid: number) => void,
    private readonly onError: ((err: unknown) => void) | undefined,
  ) {}

  routes(router: MsgRouter<UdpPeer>): void {
    router.register(ID.ID_API_RegisterRequest, this.onRegister).register(ID.ID_API_DeregisterRequest, this.onDeregister);
  }

  /** The dns-client's answer: sent from this port to the application. */
  answer(peer: UdpPeer, a: Pick<AppRegistrationAnswer, 'seq' | 'retcode' | 'reason' | 'instance'>): void {
    const refused = a.retcode === LarsRetCode.RET_SUCC ? [] : [{ ...a.instance, retcode: a.retcode, reason: a.reason }];
    peer.send(ID.ID_API_RegisterResponse, lars.RegisterResponse.encode({ seq: a.seq, retcode: a.retcode, reason: a.reason, refused }).finish());
  }

  private readonly onRegister = (peer: UdpPeer, body: Buffer, msgid: number): void => {
    this.checkSize(body, msgid);
    const req = decodeBody(lars.RegisterRequest, body, msgid);
    this.counters.appRegisters++;
    const one = this.single(peer, req.seq, req.instances, 'register');
    if (one === undefined) return;
    const owner = req.owner.slice(0, MAX_OWNER_TEXT);
    const holder = `${owner === '' ? 'app' : owner} from ${peer.address}:${peer.port}`;
    this.hand(peer, { type: 'appRegister', client: { address: peer.address, port: peer.port }, seq: req.seq, holder, instance: instanceFields(one) });
  };

  private readonly onDeregister = (peer: UdpPeer, body: Buffer, msgid: number): void => {
    this.checkSize(body, msgid);
    const req = decodeBody(lars.DeregisterRequest, body, msgid);
    this.counters.appDeregisters++;
    const one = this.single(peer, req.seq, req.instances, 'deregister');
    if (one === undefined) return;
    const { modid, cmdid, ip, port } = instanceFields(one);
    const instance = { modid, cmdid, ip, port };
    this.hand(peer, { type: 'appDeregister', client: { address: peer.address, port: peer.port }, seq: req.seq, instance });
  };

  /** The one instance of a request, or undefined once the application was told RET_BAD_ARGUMENT. */
  private single(peer: UdpPeer, seq: number, instances: lars.Instance.$Properties[], what: string): lars.Instance.$Properties | undefined {
    const [one] = instances;
    if (one !== undefined && instances.length === 1) return one;
    this.counters.appRegisterBadArgument++;
    const reason = `an application's ${what} request carries exactly one instance, this one ${instances.length}`;
    this.answer(peer, { seq, retcode: LarsRetCode.RET_BAD_ARGUMENT, reason, instance: { modid: 0, cmdid: 0, ip: 0, port: 0 } });
    return undefined;
  }

  private hand(peer: UdpPeer, req: AppRegister | AppDeregister): void {
    let sent = false;
    try {
      sent = this.forward(req);
    } catch (err) {
      this.onError?.(err);
    }
    if (sent) return;
    this.counters.appRegisterNotForwarded++;
    this.answer(peer, { seq: req.seq, retcode: LarsRetCode.RET_SYSTEM_ERROR, reason: 'the agent could not take the request now (its DNS link is busy)', instance: req.instance });
  }
}
