import { describe, expect, it } from 'vitest';
import { harFileName, sessionFileName } from '../../../src/session/filename';

// Local time, as the file name promises.
const AT = new Date(2024, 4, 4, 9, 5, 7);

describe('sessionFileName', () => {
  it.each([
    ['https://app.example.com/dashboard?token=x', 'app.example.com-20240504-090507.wstriage.json'],
    ['https://APP.Example.com:8443/', 'app.example.com-20240504-090507.wstriage.json'],
    ['http://localhost:3000/', 'localhost-20240504-090507.wstriage.json'],
    ['http://[::1]:8080/', '1-20240504-090507.wstriage.json'],
    ['https://xn--bcher-kva.example/', 'xn--bcher-kva.example-20240504-090507.wstriage.json'],
    ['about:blank', 'session-20240504-090507.wstriage.json'],
    ['file:///home/ada/index.html', 'session-20240504-090507.wstriage.json'],
    ['', 'session-20240504-090507.wstriage.json'],
    ['not a url', 'session-20240504-090507.wstriage.json'],
  ])('%j', (url, expected) => {
    expect(sessionFileName(url, AT)).toBe(expected);
  });

  it('pads every part', () => {
    expect(sessionFileName('https://a.example/', new Date(2025, 11, 31, 23, 59, 59))).toBe('a.example-20251231-235959.wstriage.json');
  });

  it('has a HAR sibling', () => {
    expect(harFileName('https://a.example/', AT)).toBe('a.example-20240504-090507.har');
  });
});
