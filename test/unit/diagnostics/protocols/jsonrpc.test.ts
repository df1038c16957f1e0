import { describe, expect, it } from 'vitest';
import { decodeFrame, isHeartbeat } from '../../../../src/diagnostics/protocols';
import type { Direction } from '../../../../src/shared/model';
import { text } from './frames';

// An Ethereum-style JSON-RPC socket and a language-server-ish one.
const SESSION: [Direction, string, string, string, boolean][] = [
  ['send', '{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":3}', 'request', '→ subtract (id 3)', false],
  ['receive', '{"jsonrpc":"2.0","result":19,"id":3}', 'result', '← result (id 3)', false],
  ['receive', '{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found"},"id":3}', 'error', '← error -32601 Method not found (id 3)', false],
  ['receive', '{"jsonrpc":"2.0","error":{"code":-32700},"id":null}', 'error', '← error -32700 Parse error (id null)', false],
  ['receive', '{"jsonrpc":"2.0","error":{"code":-32000,"message":"execution reverted"},"id":"a1"}', 'error', '← error -32000 execution reverted (id a1)', false],
  ['send', '{"jsonrpc":"2.0","id":1,"method":"eth_subscribe","params":["newHeads"]}', 'request', '→ eth_subscribe (id 1)', false],
  ['receive', '{"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":"0x9c","result":{"number":"0x1b4"}}}', 'notification', '→ eth_subscription (notification)', false],
  ['send', '{"jsonrpc":"2.0","method":"update","params":[1,2,3]}', 'notification', '→ update (notification)', false],
  ['send', '{"jsonrpc":"2.0","method":"ping","id":9}', 'request', '→ ping (id 9)', true],
  ['send', '{"jsonrpc":"2.0","method":"system.heartbeat"}', 'notification', '→ system.heartbeat (notification)', true],
  ['receive', '{"jsonrpc":"2.0","result":"pong","id":9}', 'result', '← result (id 9)', true],
  [
    'send',
    '[{"jsonrpc":"2.0","method":"sum","params":[1,2,4],"id":"1"},{"jsonrpc":"2.0","method":"notify_hello","params":[7]},{"jsonrpc":"2.0","method":"get_data","id":"9"},{"jsonrpc":"2.0","method":"x","id":"10"}]',
    'batch',
    'batch (4): → sum (id 1), → notify_hello (notification), → get_data (id 9), …',
    false,
  ],
  ['receive', '[{"jsonrpc":"2.0","result":7,"id":"1"},{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found"},"id":"5"}]', 'batch', 'batch (2): ← result (id 1), ← error -32601 Method not found (id 5)', false],
];

describe('JSON-RPC 2.0', () => {
  it.each(SESSION)('%s %s', (direction, data, kind, summary, heartbeat) => {
    const f = text(data, direction);
    const d = decodeFrame(f, 'json-rpc');
    expect(d).toMatchObject({ protocol: 'json-rpc', kind, summary, heartbeat });
    expect(d.error).toBeUndefined();
    expect(isHeartbeat(f, 'json-rpc')).toBe(heartbeat);
  });

  it.each([
    ['missing version', '{"method":"a","id":1}', 'request', /"jsonrpc": "2.0"/],
    ['neither request nor response', '{"jsonrpc":"2.0","id":1}', 'invalid', /neither a request/],
    ['error without code', '{"jsonrpc":"2.0","error":"boom","id":1}', 'error', /numeric code/],
    ['empty batch', '[]', 'batch', /empty batch/],
    ['bad JSON', '{"jsonrpc":"2.0","method":', 'unknown', /invalid JSON/],
  ])('%s', (_, data, kind, error) => {
    const d = decodeFrame(text(data), 'json-rpc');
    expect(d).toMatchObject({ protocol: 'json-rpc', kind });
    expect(d.error).toMatch(error);
  });

  it.each([
    ['request', '{"jsonrpc":"2.0","method":"eth_getLogs","id":12,"params":[{"fromBlock":"0x1","topics":["0xddf2', '→ eth_getLogs (id 12) (partial)', 'request'],
    ['response', '{"jsonrpc":"2.0","id":12,"result":[{"address":"0xabc","data":"0x0000', '← response (id 12) (partial)', 'response'],
    ['batch', '[{"jsonrpc":"2.0","result":1,"id":1},{"jsonrpc":"2.0","res', 'batch (partial)', 'batch'],
  ])('truncated %s', (_, data, summary, kind) => {
    const d = decodeFrame(text(data, 'receive', { truncated: true }), 'json-rpc');
    expect(d).toMatchObject({ protocol: 'json-rpc', summary, kind });
    expect(d.error).toMatch(/^truncated/);
  });

  it('text that is not JSON decodes as text', () => {
    expect(decodeFrame(text('OK'), 'json-rpc')).toMatchObject({ protocol: 'text', summary: 'OK' });
  });
});
