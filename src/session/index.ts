/**
 * Session files: export, import (session files and HAR), validation, redaction,
 * summaries. Pure functions over the model in src/shared; no DOM, no extension APIs.
 */
export * from './format';
export { SessionFileError } from './errors';
export type { SessionFileErrorCode } from './errors';
export { exportSession } from './export';
export { importFile } from './import';
export { validateSessionFile } from './validate';
export {
  SECRET_PARAM_NAMES,
  REDACTED,
  isJwt,
  redactHeader,
  redactJwt,
  redactProtocols,
  redactSession,
  redactText,
  redactUrl,
} from './redact';
export type { RedactedSession } from './redact';
export { exportHar } from './har-export';
export type { Har } from './har-types';
export { sessionSummaryMarkdown } from './summary';
export { harFileName, sessionFileName } from './filename';
export { upgradeSessionFile } from './legacy/index';
