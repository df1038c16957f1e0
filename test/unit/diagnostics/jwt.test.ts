import { describe, expect, it } from 'vitest';
import { decodeJwt, isJwtLike } from '../../../src/diagnostics';
import { jwt } from './factory';

const good = jwt({ sub: 'u1', exp: 1_700_000_000, nbf: 1_600_000_000, iat: 1_600_000_000 });

describe('isJwtLike', () => {
  it.each([
    [good, true],
    ['eyJhbGciOiJIUzI1NiJ9', true], // a JWT cut short
    ['eyJ', true],
    ['abcdefgh.ijklmnop.qrstuv', true],
    ['abcdefgh.ijklmnop.', true], // alg none: empty signature
    ['api.example.com', false],
    ['wamp.2.json', false],
    ['graphql.transport.ws', false],
    ['a.b.c', false],
    ['abcdefgh.ijklmnop', false],
    ['abcdefgh.ijklmnop.qrs.tuv', false],
    ['abc def.ghijklmn.opqrstu', false],
    ['', false],
    ['opaque-token-1234567890', false],
  ])('%s → %s', (s, expected) => {
    expect(isJwtLike(s)).toBe(expected);
  });
});

describe('decodeJwt', () => {
  it('decodes header, payload and time claims', () => {
    expect(decodeJwt(good)).toEqual({
      header: { alg: 'HS256', typ: 'JWT' },
      payload: { sub: 'u1', exp: 1_700_000_000, nbf: 1_600_000_000, iat: 1_600_000_000 },
      exp: 1_700_000_000,
      nbf: 1_600_000_000,
      iat: 1_600_000_000,
    });
  });

  it('strips an auth scheme', () => {
    expect(decodeJwt(`Bearer ${good}`)?.exp).toBe(1_700_000_000);
    expect(decodeJwt(`JWT ${good}`)?.exp).toBe(1_700_000_000);
  });

  it('leaves out claims that are absent or not numbers', () => {
    const info = decodeJwt(jwt({ sub: 'x', exp: 'tomorrow' }));
    expect(info?.malformed).toBeUndefined();
    expect(info?.exp).toBeUndefined();
    expect(info?.nbf).toBeUndefined();
  });

  it.each([
    ['eyJhbGciOiJIUzI1NiJ9', /missing part #2/],
    ['eyJhbGciOiJIUz', /invalid/],
    ['abcdefgh.ijklmnop.qrstuv', /invalid/],
    [`${good.split('.')[0]}.bm90IGpzb24.sig`, /invalid json for part #2/],
    [`${good.split('.')[0]}.${Buffer.from('[1,2]').toString('base64url')}.sig`, /not a JSON object/],
    [`${good.split('.').slice(0, 2).join('.')}.sig.extra`, /4 parts/],
  ])('%s is malformed', (token, reason) => {
    const info = decodeJwt(token);
    expect(info?.malformed).toMatch(reason);
  });

  it('treats a 5-part JWE as a token with an unreadable payload', () => {
    const header = Buffer.from(JSON.stringify({ alg: 'RSA-OAEP', enc: 'A256GCM' })).toString('base64url');
    expect(decodeJwt(`${header}.key.iv.ciphertext.tag`)).toEqual({ header: { alg: 'RSA-OAEP', enc: 'A256GCM' }, payload: null });
  });

  it('ignores signed cookies that are not JWTs (no alg in the first part)', () => {
    const flask = `${Buffer.from('{"_permanent":true}').toString('base64url')}.ZXYZab.c2lnbmF0dXJl`;
    expect(decodeJwt(flask)).toBeUndefined();
  });

  it('returns undefined for values that do not look like JWTs', () => {
    expect(decodeJwt('s3cr3t-opaque-token')).toBeUndefined();
    expect(decodeJwt('Basic dXNlcjpwYXNz')).toBeUndefined();
  });
});
