import { describe, expect, it } from 'vitest';
import { endpointKey, isTokenParamName, TOKEN_PARAM_NAMES } from '../../../src/diagnostics';
import { jwt } from './factory';

describe('endpointKey', () => {
  it.each([
    ['wss://Chat.Example.com/socket', 'wss://chat.example.com/socket'],
    ['wss://chat.example.com:443/socket/', 'wss://chat.example.com/socket'],
    ['ws://chat.example.com:80/', 'ws://chat.example.com/'],
    ['ws://localhost:8080/ws', 'ws://localhost:8080/ws'],
    ['wss://x.example/ws?room=1&lang=en', 'wss://x.example/ws?lang=en&room=1'],
    ['wss://x.example/ws?lang=en&room=1', 'wss://x.example/ws?lang=en&room=1'],
    [`wss://x.example/ws?room=1&token=${jwt({ a: 1 })}`, 'wss://x.example/ws?room=1'],
    ['wss://x.example/ws?room=1&access_token=abc', 'wss://x.example/ws?room=1'],
    ['wss://x.example/ws?room=1&t=1735732800000', 'wss://x.example/ws?room=1'],
    ['wss://x.example/ws?room=1&_=1735732800', 'wss://x.example/ws?room=1'],
    ['wss://x.example/ws?room=1&at=1735732800123', 'wss://x.example/ws?room=1'],
    ['wss://x.example/ws?room=1&since=2025-01-01T12:00:00Z', 'wss://x.example/ws?room=1'],
    ['wss://x.example/ws?room=1&nonce=abc', 'wss://x.example/ws?room=1'],
    ['wss://x.example/ws?room=1&cid=0f8fad5b-d9cb-469f-a165-70867728950e', 'wss://x.example/ws?room=1'],
    ['wss://x.example/socket.io/?EIO=4&transport=websocket&sid=Xy12AbCdEfGh', 'wss://x.example/socket.io?EIO=4&transport=websocket'],
    ['wss://x.example/ws?v=2', 'wss://x.example/ws?v=2'],
    ['not a url?x=1', 'not a url'],
  ])('%s → %s', (url, key) => {
    expect(endpointKey(url)).toBe(key);
  });

  it('groups a reconnect with a fresh token and cache buster with the first attempt', () => {
    expect(endpointKey(`wss://x.example/ws?token=${jwt({ n: 1 })}&t=1`)).toBe(endpointKey(`wss://x.example/ws?token=${jwt({ n: 2 })}&t=2`));
  });

  it('keeps different stable parameters apart', () => {
    expect(endpointKey('wss://x.example/ws?room=1')).not.toBe(endpointKey('wss://x.example/ws?room=2'));
  });
});

describe('TOKEN_PARAM_NAMES', () => {
  it('lists the names the export redaction needs', () => {
    for (const name of ['token', 'access_token', 'id_token', 'jwt', 'auth', 'key', 'api_key', 'apikey', 'sig', 'signature', 'password', 'secret', 'code', 'session']) {
      expect(TOKEN_PARAM_NAMES).toContain(name);
    }
  });

  it.each([
    ['token', true],
    ['TOKEN', true],
    ['access-token', true],
    ['authToken', true],
    ['x_refresh_token', true],
    ['X-Amz-Signature', true],
    ['room', false],
    ['lang', false],
    ['EIO', false],
  ])('isTokenParamName(%s) = %s', (name, expected) => {
    expect(isTokenParamName(name)).toBe(expected);
  });
});
