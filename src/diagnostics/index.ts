/** WS Triage diagnostics: pure functions over a session that say why a WebSocket failed. */
export type { Finding, FindingId, FrameRef, Severity } from './types';
export { FINDING_IDS } from './types';
export type { FindingSummary } from './findings';
export { connectionDiagnoses, connectionDiagnosis, diagnose, diagnoseConnection } from './findings';
export type { CloseCodeInfo, CloseCodeRange } from './close-codes';
export { AUTH_CLOSE_CODES, closeCodeLabel, describeCloseCode } from './close-codes';
export type { Credential, CredentialSource } from './credentials';
export { findCredentials } from './credentials';
export type { JwtInfo } from './jwt';
export { decodeJwt, isJwtLike } from './jwt';
export { endpointKey } from './endpoint';
export type { ReconnectGroup, ReconnectPattern } from './cadence';
export { classifyIntervals, reconnectGroups } from './cadence';
export { humanDuration } from './duration';
export { humanBytes } from './size';
export { TOKEN_PARAM_NAMES, isTokenParamName } from './token-names';
export { IDLE_DEFAULTS } from './idle';
