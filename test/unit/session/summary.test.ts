import { describe, expect, it } from 'vitest';
import { codeSpan, escapeMarkdown, sessionSummaryMarkdown } from '../../../src/session/summary';
import { newConnection } from '../../../src/shared/apply';
import { createSession } from '../../../src/shared/model';
import { SECRETS, URL_JWT, richFindings, richSession } from './helpers';

describe('sessionSummaryMarkdown', () => {
  const md = sessionSummaryMarkdown(richSession(), richFindings(), { includeSecrets: false });

  it('has the page, a connections table and the findings', () => {
    expect(md).toContain('# WS Triage session summary');
    expect(md).toContain('- **Page:** `https://app.example.com/next?code=[REDACTED]` — Next');
    expect(md).toContain('- **Secrets:** redacted');
    expect(md).toContain('| # | URL | Result | Handshake | Subprotocol | Frames sent / received | Duration |');
    const rows = md.split('\n').filter((l) => /^\| \d+ \|/.test(l));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('closed 4000 "logout eyJ');
    expect(rows[0]).toContain('by client');
    expect(rows[0]).toContain('| 101 |');
    expect(rows[0]).toContain('| `graphql-transport-ws` |');
    expect(rows[0]).toContain('| 2 / 4 |');
    expect(rows[1]).toContain('refused: HTTP 403 Forbidden');
    expect(rows[1]).toContain('not visible');
    expect(rows[2]).toContain('failed: net::ERR\\_CONNECTION\\_REFUSED');
    expect(md).toContain('1. **Error:** The token in the URL expired 3 min before connecting (connection #1)');
    expect(md).toContain('2. **Warning:** Handshake refused with 403 Forbidden (connection #2)');
    expect(md).toContain('3. **Info:** Connection refused (connection #3)');
  });

  it('is redacted unless asked', () => {
    for (const s of [URL_JWT, SECRETS.apiKey, SECRETS.basic, SECRETS.pageSession]) expect(md).not.toContain(s);
    const withSecrets = sessionSummaryMarkdown(richSession(), richFindings(), { includeSecrets: true });
    expect(withSecrets).toContain(SECRETS.pageSession);
    expect(withSecrets).toContain(URL_JWT.slice(0, 100));
    expect(withSecrets).toContain('- **Secrets:** included (not redacted)');
  });

  it('escapes page-controlled text', () => {
    const s = createSession({ url: 'https://x.example.com/?q=<img src=x onerror=alert(1)>|`', title: '<script>alert(1)</script> *bold* [a](b)' }, 0);
    const c = newConnection('c1', 'wss://x.example.com/a|b`c', 0);
    c.close = { code: 1000, reason: '<img src=x onerror=alert(1)>\n| injected |', wasClean: true, initiator: 'server' };
    s.connections.push(c);
    const out = sessionSummaryMarkdown(s, [{ id: 'f', severity: 'error', title: '<b>x</b>', detail: 'line1\nline2 | `code`', connectionIds: ['c1'] }], { includeSecrets: true });
    // Outside code spans (which Markdown renders literally) no HTML survives.
    const outsideCode = out.replace(/(`+)[\s\S]*?\1/g, '');
    expect(outsideCode).not.toMatch(/<img|<script|<b>/);
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const row = out.split('\n').find((l) => l.startsWith('| 1 |'))!;
    expect(row.split(/(?<!\\)\|/).length).toBe(9); // 7 cells, no injected column
    expect(out).toContain('``wss://x.example.com/a\\|b`c``');
  });

  it('says so when there is nothing', () => {
    const out = sessionSummaryMarkdown(createSession(), [], { includeSecrets: false });
    expect(out).toContain('No WebSocket connections were recorded.');
    expect(out).toContain('No findings.');
  });
});

describe('markdown helpers', () => {
  it.each([
    ['plain', 'plain'],
    ['a|b', 'a\\|b'],
    ['*x* _y_ [z]', '\\*x\\* \\_y\\_ \\[z\\]'],
    ['<a href=x>', '&lt;a href=x&gt;'],
    ['a\nb', 'a b'],
  ])('escapeMarkdown(%j)', (input, expected) => expect(escapeMarkdown(input)).toBe(expected));

  it.each([
    ['abc', '`abc`'],
    ['a`b', '``a`b``'],
    ['`x', '`` `x ``'],
    ['', '(none)'],
  ])('codeSpan(%j)', (input, expected) => expect(codeSpan(input)).toBe(expected));
});
