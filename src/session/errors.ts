/**
 * The one error every importer throws: a code the UI can switch on, a message a person
 * can read, and, when the problem is at a place in the file, its JSON path
 * (`connections[3].frames[0].time`).
 */
export type SessionFileErrorCode =
  | 'not-json'
  | 'wrong-format'
  | 'newer-version'
  | 'missing-field'
  | 'invalid-field'
  | 'too-large'
  | 'not-har';

export class SessionFileError extends Error {
  readonly code: SessionFileErrorCode;
  readonly path?: string;

  constructor(code: SessionFileErrorCode, message: string, path?: string) {
    super(message);
    this.name = 'SessionFileError';
    this.code = code;
    if (path !== undefined) this.path = path;
  }
}

/** Appends `.key` or `[i]` to a JSON path. */
export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base === '' ? key : `${base}.${key}`;
}

/** A short description of a JSON value's type, for error messages. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return Number.isFinite(value) ? 'a number' : 'a non-finite number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}
