import t from 'tap';
import { LinkWaits } from '../../../runtime/mailbox/linkWaits.js';

const settled = async (p: Promise<void>): Promise<boolean> => {
  let done = false;
  void p.then(() => (done = true));
  await new Promise<void>((resolve) => setImmediate(resolve));
  return done;
};

t.test('an arrival wait ends once the count is reached, not before', async (t) => {
  const waits = new LinkWaits();
  const three = waits.untilArrived(3);
  const five = waits.untilArrived(5);
  waits.arrived(2);
  t.equal(await settled(three), false);
  waits.arrived(3);
  t.equal(await settled(three), true);
  t.equal(await settled(five), false);
});

t.test('the peer going ends arrival waits too; room waits end on roomAgain', async (t) => {
  const waits = new LinkWaits();
  const arrival = waits.untilArrived(10);
  const gone = waits.untilPeerGone();
  const room = waits.untilRoom();
  t.equal(waits.waitingForRoom, true);
  waits.peerGone();
  t.equal(await settled(arrival), true);
  t.equal(await settled(gone), true);
  t.equal(await settled(room), false);
  waits.roomAgain();
  t.equal(await settled(room), true);
  t.equal(waits.waitingForRoom, false);
});
