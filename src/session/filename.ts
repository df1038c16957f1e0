/**
 * The suggested file name of an export: `<host>-<yyyymmdd>-<hhmmss>.wstriage.json`,
 * local time, host `session` when the page has none (about:blank, file:, bad URL).
 */
import { SESSION_FILE_EXTENSION } from './format';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The page's host name made safe for every file system (port dropped). */
export function hostForFileName(pageUrl: string): string {
  let hostname: string;
  try {
    hostname = new URL(pageUrl).hostname;
  } catch {
    hostname = '';
  }
  const host = hostname
    .replace(/^\[|\]$/g, '') // IPv6 brackets
    .replace(/[^A-Za-z0-9.-]+/g, '-')
    .replace(/^[.-]+|[.-]+$/g, '')
    .slice(0, 100);
  return host === '' ? 'session' : host.toLowerCase();
}

export function timestampForFileName(at: Date): string {
  return (
    `${pad(at.getFullYear(), 4)}${pad(at.getMonth() + 1)}${pad(at.getDate())}` +
    `-${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`
  );
}

export function sessionFileName(pageUrl: string, at: Date): string {
  return `${hostForFileName(pageUrl)}-${timestampForFileName(at)}${SESSION_FILE_EXTENSION}`;
}

/** Same, for a HAR export: `<host>-<yyyymmdd-hhmmss>.har`. */
export function harFileName(pageUrl: string, at: Date): string {
  return `${hostForFileName(pageUrl)}-${timestampForFileName(at)}.har`;
}
