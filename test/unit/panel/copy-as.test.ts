import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { clientRequest, connectionJson, payloadText, shellQuote, websocatCommand, wscatCommand } from '../../../src/panel/copy-as';
import { newConnection } from '../../../src/shared/apply';
import type { Connection } from '../../../src/shared/model';

/** The words bash makes of a command line (run with printf, nothing else executed). */
function bashWords(args: string): string[] {
  const out = execFileSync('bash', ['--norc', '--noprofile', '-c', `printf '%s\\0' ${args}`], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwiZXhwIjoxOTAwMDAwMDAwfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

function connection(): Connection {
  const c = newConnection('c1', 'wss://api.example.com/socket?access_token=SECRETTOKEN123&room=a', 1000);
  c.protocolsRequested = ['graphql-transport-ws', 'v2'];
  c.frameUrl = 'https://app.example.com/page';
  c.handshake = {
    status: 101,
    requestHeaders: [
      { name: 'Host', value: 'api.example.com' },
      { name: 'Origin', value: 'https://app.example.com' },
      { name: 'Cookie', value: 'session=COOKIESECRET; theme=dark' },
      { name: 'Authorization', value: `Bearer ${JWT}` },
      { name: 'Sec-WebSocket-Key', value: 'dGhlIHNhbXBsZSBub25jZQ==' },
      { name: 'Sec-WebSocket-Version', value: '13' },
      { name: 'Sec-WebSocket-Protocol', value: 'graphql-transport-ws, v2' },
      { name: 'Upgrade', value: 'websocket' },
      { name: 'Connection', value: 'Upgrade' },
      { name: 'User-Agent', value: "Mozilla/5.0 (it's)" },
    ],
    responseHeaders: [],
  };
  c.frames.push({ time: 1001, direction: 'send', type: 'text', size: 5, data: 'hello', encoding: 'utf8', truncated: false });
  return c;
}

describe('shellQuote', () => {
  const hostile = [
    'plain',
    '',
    "it's",
    '$(rm -rf ~)',
    '`id`',
    'a"b\\c',
    'line1\nline2',
    'tab\there\rcr',
    "'; echo pwned; '",
    '$HOME ${PATH} !! *',
    'bell\u0007esc\u001b[31m',
    'evil\u202etxt',
    'ünïcödé 😀',
    "\\'",
  ];
  it.each(hostile)('round-trips %j through bash as one word', (s) => {
    expect(bashWords(shellQuote(s))).toEqual([s]);
  });

  it('leaves safe words alone and never leaves a control character raw', () => {
    expect(shellQuote('ws://h:1/p?x=1')).toBe("'ws://h:1/p?x=1'");
    expect(shellQuote('abc-1.2')).toBe('abc-1.2');
    expect(shellQuote('a\nb')).toBe("$'a\\nb'");
    // eslint-disable-next-line no-control-regex
    expect(shellQuote('x\u001b\u202e')).not.toMatch(/[\u0000-\u001f\u202e]/);
  });
});

describe('copy as websocat / wscat', () => {
  it('builds a websocat command with subprotocols and the handshake headers, secrets redacted', () => {
    const cmd = websocatCommand(connection(), { includeSecrets: false });
    expect(cmd).not.toContain('SECRETTOKEN123');
    expect(cmd).not.toContain('COOKIESECRET');
    expect(cmd).not.toContain('SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c');
    const words = bashWords(cmd.replace(/^websocat /, ''));
    expect(words[0]).toBe('--protocol');
    expect(words[1]).toBe('graphql-transport-ws, v2');
    const headers = words.filter((_, i) => words[i - 1] === '-H');
    expect(headers.map((h) => h.split(':')[0])).toEqual(['Origin', 'Cookie', 'Authorization', 'User-Agent']);
    expect(headers[0]).toBe('Origin: https://app.example.com');
    expect(headers[1]).toMatch(/^Cookie: session=\S*REDACTED/);
    expect(headers[3]).toBe("User-Agent: Mozilla/5.0 (it's)");
    expect(words[words.length - 1]).toMatch(/^wss:\/\/api\.example\.com\/socket\?access_token=.*REDACTED.*&room=a$/);
  });

  it('keeps secrets only when asked', () => {
    const cmd = websocatCommand(connection(), { includeSecrets: true });
    expect(cmd).toContain('SECRETTOKEN123');
    expect(cmd).toContain('COOKIESECRET');
  });

  it('builds a wscat command: -c URL, -s per subprotocol, -H per header', () => {
    const words = bashWords(wscatCommand(connection(), { includeSecrets: false }).replace(/^wscat /, ''));
    expect(words[0]).toBe('-c');
    expect(words[1]).toContain('wss://api.example.com/socket?access_token=');
    expect(words[1]).not.toContain('SECRETTOKEN123');
    expect(words.filter((_, i) => words[i - 1] === '-s')).toEqual(['graphql-transport-ws', 'v2']);
    expect(words.filter((_, i) => words[i - 1] === '-H')).toHaveLength(4);
  });

  it('cannot be broken out of by a hostile URL or header', () => {
    const c = connection();
    c.url = "ws://h/p?q=';touch /tmp/x;'`id`$(id)\n";
    c.protocolsRequested = ["a'b"];
    c.handshake!.requestHeaders = [{ name: 'X-Evil', value: '"; $(reboot) `x`\nnext' }];
    for (const cmd of [websocatCommand(c, { includeSecrets: true }), wscatCommand(c, { includeSecrets: true })]) {
      const words = bashWords(cmd.replace(/^\w+ /, ''));
      expect(words).toContain(c.url);
      expect(words).toContain('X-Evil: "; $(reboot) `x`\nnext');
    }
  });

  it('falls back to the page origin when no handshake was seen', () => {
    const c = connection();
    c.handshake = null;
    expect(clientRequest(c, { includeSecrets: false }).headers).toEqual([{ name: 'Origin', value: 'https://app.example.com' }]);
  });
});

describe('copy connection as JSON, copy payload', () => {
  it('copies the connection without frames, redacted unless asked', () => {
    const json = JSON.parse(connectionJson(connection(), { includeSecrets: false })) as Record<string, unknown>;
    expect(json.frames).toBeUndefined();
    expect(json.framesRetained).toBe(1);
    expect(json.redacted).toBe(true);
    expect(JSON.stringify(json)).not.toContain('SECRETTOKEN123');
    expect(JSON.stringify(json)).not.toContain('COOKIESECRET');
    expect(connectionJson(connection(), { includeSecrets: true })).toContain('SECRETTOKEN123');
  });

  it('copies a payload as recorded when it holds no secret', () => {
    const c = connection();
    expect(payloadText(c.frames[0]!, c, { includeSecrets: false })).toBe('hello');
  });

  it('redacts a payload unless asked, as an export would (also a secret first seen in the URL or a header)', () => {
    const c = connection();
    const init = `{"type":"connection_init","payload":{"authorization":"Bearer ${JWT}","echo":"COOKIESECRET"}}`;
    const frame = { time: 1002, direction: 'send' as const, type: 'text' as const, size: init.length, data: init, encoding: 'utf8' as const, truncated: false };
    c.frames.push(frame);
    const redacted = payloadText(frame, c, { includeSecrets: false });
    expect(redacted).not.toContain(JWT);
    expect(redacted).not.toContain('COOKIESECRET');
    expect(redacted).toContain('connection_init');
    expect(payloadText(frame, c, { includeSecrets: true })).toBe(init);
    // The connection itself is not changed.
    expect(c.frames[1]!.data).toBe(init);
  });
});
