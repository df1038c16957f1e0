import { describe, expect, it } from 'vitest';
import { FINDING_IDS } from '../../../src/diagnostics';
import { DETAIL_TABS, detailTabForFinding, detailTabFromKey } from '../../../src/panel/detail-tab';

describe('detailTabForFinding', () => {
  it('opens the handshake for findings about the upgrade request', () => {
    for (const id of ['handshake-rejected', 'handshake-failed', 'auth-missing', 'jwt-expired', 'jwt-malformed', 'subprotocol-mismatch', 'insecure-transport']) {
      expect(detailTabForFinding(id), id).toBe('handshake');
    }
  });

  it('opens the close for findings about how the connection ended', () => {
    for (const id of ['close-code', 'abnormal-closure', 'idle-timeout', 'message-too-big']) expect(detailTabForFinding(id), id).toBe('close');
  });

  it("opens the messages for the page's misuse of the open socket, which the frame list shows", () => {
    for (const id of ['send-before-open', 'send-after-close', 'invalid-close-call', 'no-close-handler']) {
      expect(detailTabForFinding(id), id).toBe('messages');
    }
  });

  it("keeps the user's tab for findings about several connections together", () => {
    for (const id of ['reconnect-storm', 'no-backoff', 'futile-retry']) expect(detailTabForFinding(id), id).toBeNull();
  });

  it('has a decision for every finding id', () => {
    for (const id of FINDING_IDS) expect(detailTabForFinding(id) === null || DETAIL_TABS.includes(detailTabForFinding(id)!), id).toBe(true);
    expect(FINDING_IDS.filter((id) => detailTabForFinding(id) !== null).length).toBe(FINDING_IDS.length - 3);
  });

  it('gives no tab for an id this version does not know, prototype names included (an imported file)', () => {
    for (const id of ['', 'future-finding', 'constructor', '__proto__', 'toString', 'hasOwnProperty']) expect(detailTabForFinding(id), id).toBeNull();
  });
});

describe('detailTabFromKey', () => {
  it('moves with the arrow keys, wrapping, and jumps with Home and End', () => {
    expect(detailTabFromKey('messages', 'ArrowRight')).toBe('handshake');
    expect(detailTabFromKey('handshake', 'ArrowRight')).toBe('close');
    expect(detailTabFromKey('close', 'ArrowRight')).toBe('messages');
    expect(detailTabFromKey('messages', 'ArrowLeft')).toBe('close');
    expect(detailTabFromKey('close', 'ArrowLeft')).toBe('handshake');
    expect(detailTabFromKey('handshake', 'Home')).toBe('messages');
    expect(detailTabFromKey('messages', 'End')).toBe('close');
  });

  it('ignores other keys', () => {
    for (const key of ['ArrowUp', 'ArrowDown', 'Enter', ' ', 'Tab', 'a']) expect(detailTabFromKey('handshake', key), key).toBeNull();
  });
});
