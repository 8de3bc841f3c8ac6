import t from 'tap';
import { EchoMessage, encodeEchoFrame, ECHO_MSGID } from '../../tools/qps/echoCodec.js';

t.test('hand-built echo frames match protobufjs byte for byte', async (t) => {
  const content = Buffer.from('Hello Lars!');
  for (const id of [0, 1, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152, 268_435_455, 268_435_456, 2_147_483_647, -1, -2_147_483_648]) {
    const frame = encodeEchoFrame(content, id);
    t.equal(frame.readInt32LE(0), ECHO_MSGID);
    t.equal(frame.readInt32LE(4), frame.length - 8, `length field, id ${id}`);
    t.same(frame.subarray(8), Buffer.from(EchoMessage.encode({ content: 'Hello Lars!', id }).finish()), `body, id ${id}`);
  }
});
