/**
 * The upgrader chain: turns a session file of any version this tool knows into the
 * current version, one step at a time, before validation.
 *
 * Policy (docs/session-format.md, "Versioning"):
 * - Adding optional fields is not a new version; readers ignore unknown fields.
 * - A breaking change bumps SESSION_VERSION and adds `UPGRADERS[old]`, a pure function
 *   from a version `old` file to a version `old + 1` file, in its own file
 *   (`legacy/v1-to-v2.ts`). Upgraders are never removed, so every old file stays readable.
 * - A file newer than this tool is refused with `newer-version`, never guessed at.
 *
 * Version 1 is the first and current version: the chain is the identity.
 */
import { SessionFileError } from '../errors';
import { SESSION_VERSION } from '../format';

export type JsonObject = Record<string, unknown>;
export type Upgrader = (file: JsonObject) => JsonObject;

/** `UPGRADERS[n]` upgrades a version n file to version n + 1. */
export const UPGRADERS: Readonly<Record<number, Upgrader>> = {};

/**
 * Upgrades `file` (whose `version` is `version`) to SESSION_VERSION. Throws
 * `newer-version` for a version above SESSION_VERSION and `invalid-field` for a version
 * this tool never wrote.
 */
export function upgradeSessionFile(file: JsonObject, version: number): JsonObject {
  if (!Number.isInteger(version) || version < 1) {
    throw new SessionFileError('invalid-field', `version must be a positive integer, but is ${String(version)}.`, 'version');
  }
  if (version > SESSION_VERSION) {
    throw new SessionFileError(
      'newer-version',
      `This session file was written by a newer WS Triage (format version ${version}); this version reads format version ${SESSION_VERSION} and older. Update WS Triage to open it.`,
      'version',
    );
  }
  let current = file;
  for (let v = version; v < SESSION_VERSION; v++) {
    const step = UPGRADERS[v];
    if (!step) {
      throw new SessionFileError('invalid-field', `No upgrader from session format version ${v}.`, 'version');
    }
    current = { ...step(current), version: v + 1 };
  }
  return current;
}
