import { describe, expect, it } from 'vitest';
import { closeCodeLabel, describeCloseCode } from '../../../src/diagnostics';

describe('describeCloseCode: RFC 6455 codes', () => {
  it.each([
    [1000, 'Normal Closure', true, 'standard'],
    [1001, 'Going Away', true, 'standard'],
    [1002, 'Protocol Error', true, 'standard'],
    [1003, 'Unsupported Data', true, 'standard'],
    [1004, 'Reserved', false, 'reserved'],
    [1005, 'No Status Received', false, 'standard'],
    [1006, 'Abnormal Closure', false, 'standard'],
    [1007, 'Invalid Frame Payload Data', true, 'standard'],
    [1008, 'Policy Violation', true, 'standard'],
    [1009, 'Message Too Big', true, 'standard'],
    [1010, 'Mandatory Extension', true, 'standard'],
    [1011, 'Internal Error', true, 'standard'],
    [1012, 'Service Restart', true, 'standard'],
    [1013, 'Try Again Later', true, 'standard'],
    [1014, 'Bad Gateway', true, 'standard'],
    [1015, 'TLS Handshake', false, 'standard'],
  ] as const)('%d is %s (onWire %s, %s)', (code, name, onWire, range) => {
    const info = describeCloseCode(code);
    expect(info).toMatchObject({ code, name, onWire, range });
    expect(info.meaning.length).toBeGreaterThan(10);
    if (code !== 1004) expect(info.causes.length).toBeGreaterThan(0);
    expect(info.library).toBeUndefined();
  });
});

describe('describeCloseCode: every range, known and unknown', () => {
  it.each([
    [-1, 'invalid', 'Invalid', false],
    [0, 'invalid', 'Invalid', false],
    [999, 'invalid', 'Invalid', false],
    [1016, 'reserved', 'Reserved', false],
    [1999, 'reserved', 'Reserved', false],
    [2000, 'reserved', 'Reserved for extensions', false],
    [2999, 'reserved', 'Reserved for extensions', false],
    [3000, 'registered', 'Unauthorized', true],
    [3001, 'registered', 'Reserved', true],
    [3002, 'registered', 'Reserved', true],
    [3003, 'registered', 'Forbidden', true],
    [3008, 'registered', 'Timeout', true],
    [3004, 'registered', 'Unassigned', true],
    [3999, 'registered', 'Unassigned', true],
    [4000, 'private', 'Private', true],
    [4001, 'private', 'Private', true],
    [4401, 'private', 'Private', true],
    [4999, 'private', 'Private', true],
    [5000, 'invalid', 'Invalid', false],
    [65535, 'invalid', 'Invalid', false],
    [1000.5, 'invalid', 'Invalid', false],
  ] as const)('%d → %s %s', (code, range, name, onWire) => {
    expect(describeCloseCode(code)).toMatchObject({ code, range, name, onWire });
  });
});

describe('describeCloseCode: library conventions', () => {
  it.each([
    [4400, 'Bad Request'],
    [4401, 'Unauthorized'],
    [4403, 'Forbidden'],
    [4406, 'Subprotocol not acceptable'],
    [4408, 'Connection initialisation timeout'],
    [4409, 'Subscriber already exists'],
    [4429, 'Too many initialisation requests'],
    [4499, 'Terminated'],
    [4500, 'Internal Server Error'],
    [4504, 'Connection acknowledgement timeout'],
  ])('graphql-transport-ws %d is %s', (code, name) => {
    expect(describeCloseCode(code, { protocol: 'graphql-transport-ws' })).toMatchObject({ name, library: 'graphql-ws', range: 'private' });
    expect(describeCloseCode(code, { library: 'graphql-ws' }).name).toBe(name);
  });

  it('leaves unknown private codes of a known library generic', () => {
    const info = describeCloseCode(4123, { protocol: 'graphql-transport-ws' });
    expect(info.name).toBe('Private');
    expect(info.library).toBeUndefined();
  });

  it('does not let a library rename standard codes', () => {
    const info = describeCloseCode(1000, { protocol: 'graphql-transport-ws' });
    expect(info.name).toBe('Normal Closure');
    expect(info.library).toBeUndefined();
  });

  it('does not apply graphql-ws names to the legacy graphql-ws subprotocol or unknown protocols', () => {
    expect(describeCloseCode(4401, { protocol: 'graphql-ws' }).name).toBe('Private');
    expect(describeCloseCode(4401, { protocol: 'chat' }).name).toBe('Private');
    expect(describeCloseCode(4401, { library: 'nope' }).name).toBe('Private');
  });
});

describe('closeCodeLabel', () => {
  it.each([
    [1000, '1000 Normal Closure'],
    [1001, '1001 Going Away'],
    [1005, '1005 No Status Received'],
    [1006, '1006 Abnormal Closure'],
    [1015, '1015 TLS Handshake'],
    [1004, '1004 Reserved'],
    [1016, '1016'],
    [2500, '2500'],
    [3000, '3000 Unauthorized'],
    [3003, '3003 Forbidden'],
    [3008, '3008 Timeout'],
    [3500, '3500'],
    [4001, '4001'],
    [4401, '4401'],
    [0, '0'],
    [5000, '5000'],
  ])('%d → %s', (code, label) => {
    expect(closeCodeLabel(code)).toBe(label);
  });

  it('names private codes when the library is known', () => {
    expect(closeCodeLabel(4401, { protocol: 'graphql-transport-ws' })).toBe('4401 Unauthorized');
  });
});
