import { describe, expect, it } from 'vitest';
import { decodeFrame, isHeartbeat, operationLabel } from '../../../../src/diagnostics/protocols';
import type { Direction } from '../../../../src/shared/model';
import { text } from './frames';

type Row = [Direction, string, string, string, boolean];

// graphql-ws (subprotocol graphql-transport-ws)
const GRAPHQL_WS: Row[] = [
  ['send', '{"type":"connection_init","payload":{"Authorization":"Bearer x"}}', 'connection_init', 'connection_init · Authorization', false],
  ['send', '{"type":"connection_init"}', 'connection_init', 'connection_init', false],
  ['receive', '{"type":"connection_ack"}', 'connection_ack', 'connection_ack', false],
  ['receive', '{"type":"ping"}', 'ping', 'ping', true],
  ['send', '{"type":"pong"}', 'pong', 'pong', true],
  ['send', '{"type":"ping","payload":{"t":1}}', 'ping', 'ping', true],
  [
    'send',
    '{"id":"3f2b","type":"subscribe","payload":{"query":"subscription OnMessage($room: ID!) { messageAdded(room: $room) { id text } }","variables":{"room":"1"}}}',
    'subscribe',
    'subscribe #3f2b · subscription OnMessage',
    false,
  ],
  ['send', '{"id":"1","type":"subscribe","payload":{"query":"query { me { id } }"}}', 'subscribe', 'subscribe #1 · query (anonymous)', false],
  ['send', '{"id":"2","type":"subscribe","payload":{"query":"{ me { id } }"}}', 'subscribe', 'subscribe #2 · query (anonymous)', false],
  ['send', '{"id":"4","type":"subscribe","payload":{"query":"mutation M { x }","operationName":"Send"}}', 'subscribe', 'subscribe #4 · mutation Send', false],
  ['send', '{"id":"5","type":"subscribe","payload":{"extensions":{"persistedQuery":{"sha256Hash":"ab"}}}}', 'subscribe', 'subscribe #5 · persisted query', false],
  ['receive', '{"id":"3f2b","type":"next","payload":{"data":{"messageAdded":{"id":"9","text":"hi"}}}}', 'next', 'next #3f2b · messageAdded', false],
  ['receive', '{"id":"1","type":"next","payload":{"data":null,"errors":[{"message":"Not allowed"}]}}', 'next', 'next #1 · data: null · 1 error: Not allowed', false],
  ['receive', '{"id":"1","type":"error","payload":[{"message":"Cannot query field \\"x\\" on type \\"Query\\"."}]}', 'error', 'error #1 · Cannot query field "x" on type "Query".', false],
  ['receive', '{"id":"3f2b","type":"complete"}', 'complete', 'complete #3f2b', false],
  ['send', '{"id":"3f2b","type":"complete"}', 'complete', 'complete #3f2b', false],
];

// subscriptions-transport-ws (subprotocol graphql-ws)
const STS: Row[] = [
  ['send', '{"type":"connection_init","payload":{}}', 'connection_init', 'connection_init', false],
  ['receive', '{"type":"connection_ack"}', 'connection_ack', 'connection_ack', false],
  ['receive', '{"type":"ka"}', 'ka', 'ka', true],
  ['send', '{"id":"1","type":"start","payload":{"query":"subscription onPost { postAdded { id } }","operationName":"onPost","variables":{}}}', 'start', 'start #1 · subscription onPost', false],
  ['receive', '{"id":"1","type":"data","payload":{"data":{"postAdded":{"id":"7"}}}}', 'data', 'data #1 · postAdded', false],
  ['receive', '{"id":"1","type":"error","payload":{"message":"Subscription field must return Async Iterable."}}', 'error', 'error #1 · Subscription field must return Async Iterable.', false],
  ['receive', '{"id":"1","type":"complete"}', 'complete', 'complete #1', false],
  ['send', '{"id":"1","type":"stop"}', 'stop', 'stop #1', false],
  ['send', '{"type":"connection_terminate"}', 'connection_terminate', 'connection_terminate', false],
  ['receive', '{"type":"connection_error","payload":{"message":"Invalid token"}}', 'connection_error', 'connection_error · Invalid token', false],
];

describe('graphql-ws (graphql-transport-ws)', () => {
  it.each(GRAPHQL_WS)('%s %s', (direction, data, kind, summary, heartbeat) => {
    const f = text(data, direction);
    const d = decodeFrame(f, 'graphql-ws');
    expect(d).toMatchObject({ protocol: 'graphql-ws', kind, summary, heartbeat });
    expect(d.error).toBeUndefined();
    expect(isHeartbeat(f, 'graphql-ws')).toBe(heartbeat);
  });

  it.each([
    ['legacy type from the other protocol', '{"type":"start","id":"1","payload":{}}', /belongs to subscriptions-transport-ws/],
    ['unknown type', '{"type":"hello"}', /unknown message type "hello"/],
    ['no type', '{"id":"1"}', /no "type"/],
    ['subscribe without id', '{"type":"subscribe","payload":{"query":"{a}"}}', /without an id/],
    ['not an object', '{"type":"next"', /invalid JSON/],
  ])('%s', (_, data, error) => {
    const d = decodeFrame(text(data), 'graphql-ws');
    expect(d.protocol).toBe('graphql-ws');
    expect(d.error).toMatch(error);
  });

  it('a truncated next still says its id and type', () => {
    const d = decodeFrame(text('{"type":"next","id":"42","payload":{"data":{"feed":[{"id":1},{"id":2', 'receive', { truncated: true }), 'graphql-ws');
    expect(d).toMatchObject({ protocol: 'graphql-ws', kind: 'next', summary: 'next #42 (partial)' });
    expect(d.error).toMatch(/^truncated/);
  });

  it('a ping whose type is not first is still a heartbeat; a next mentioning ping is not', () => {
    expect(isHeartbeat(text('{"payload":{},"type":"ping"}'), 'graphql-ws')).toBe(true);
    expect(isHeartbeat(text('{"id":"1","type":"next","payload":{"data":{"type":"ping"}}}'), 'graphql-ws')).toBe(false);
  });

  it('a text that is not JSON decodes as text', () => {
    expect(decodeFrame(text('hello'), 'graphql-ws')).toMatchObject({ protocol: 'text', summary: 'hello' });
  });
});

describe('subscriptions-transport-ws (graphql-ws subprotocol)', () => {
  it.each(STS)('%s %s', (direction, data, kind, summary, heartbeat) => {
    const f = text(data, direction);
    const d = decodeFrame(f, 'subscriptions-transport-ws');
    expect(d).toMatchObject({ protocol: 'subscriptions-transport-ws', kind, summary, heartbeat });
    expect(d.error).toBeUndefined();
    expect(isHeartbeat(f, 'subscriptions-transport-ws')).toBe(heartbeat);
  });

  it('a graphql-ws subscribe over the legacy protocol: says the two sides disagree', () => {
    const d = decodeFrame(text('{"type":"subscribe","id":"1","payload":{"query":"{a}"}}'), 'subscriptions-transport-ws');
    expect(d.error).toMatch(/belongs to graphql-ws/);
    expect(isHeartbeat(text('{"type":"ping"}'), 'subscriptions-transport-ws')).toBe(false);
  });
});

describe('operationLabel', () => {
  it.each([
    [{ query: '# comment\nsubscription S { a }' }, 'subscription S'],
    [{ query: 'query Q($a: Int) { a }', operationName: 'Named' }, 'query Named'],
    [{ operationName: 'OnlyName' }, 'OnlyName'],
    [{ query: '  mutation { a }' }, 'mutation (anonymous)'],
    [{}, undefined],
    ['not an object', undefined],
  ])('%j → %s', (payload, label) => {
    expect(operationLabel(payload)).toBe(label);
  });
});
