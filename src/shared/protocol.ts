/**
 * The one message protocol of WS Triage, every direction in one file.
 *
 *   page hook (MAIN world) --CustomEvent, a chunk (src/shared/wire.ts)--> bridge (content script)
 *   bridge --runtime.Port 'ws-triage-bridge'--> background   (acked, resent after a worker restart)
 *   background <--runtime.Port 'ws-triage-panel'--> panel
 *
 * Bump PROTOCOL_VERSION on any breaking change; receivers refuse other versions with
 * "incompatible version" instead of guessing.
 */
import type {
  Connection,
  Direction,
  Frame,
  FrameType,
  Header,
  PageInfo,
  PayloadEncoding,
  Session,
} from './model';

export const PROTOCOL_VERSION = 4;

/** Type of the DOM CustomEvent the MAIN-world hook dispatches on window. */
export const PAGE_EVENT_TYPE = '__ws_triage_hook_v4__';
/** Literal tag inside every page message. */
export const PAGE_SOURCE = 'ws-triage-hook';

export const BRIDGE_PORT = 'ws-triage-bridge';
export const PANEL_PORT = 'ws-triage-panel';

/** Default per-frame payload cap in the hook (bytes for binary, UTF-16 units for text). */
export const DEFAULT_PAYLOAD_CAP = 64 * 1024;

/**
 * Binary frames keep their first BINARY_PREVIEW_BYTES unless the user keeps them whole
 * (up to DEFAULT_PAYLOAD_CAP): carrying every byte of a bulk binary stream to the
 * background costs the page more than half its throughput, and a 4 KiB preview still
 * cost it a fifth (docs/performance.md): what crosses to the background is paid per byte.
 * 1 KiB holds a binary protocol's headers, and small messages whole. The exact size is
 * always recorded. A whole number of base64 groups (3 bytes), so the rest of a frame, when
 * asked for, is base64 that can be appended to the preview's.
 */
export const BINARY_PREVIEW_BYTES = 1023;

/**
 * A page's first BINARY_PREVIEWS_PER_SECOND binary frames longer than BINARY_BUSY_PREVIEW_BYTES
 * in each second keep BINARY_PREVIEW_BYTES; past those, until the next second starts, they keep
 * their first BINARY_BUSY_PREVIEW_BYTES. A person reads frames that come a few a second, and those
 * keep 1 KiB; a bulk stream (file transfer, audio, a 64 KiB echo loop) is where the bytes carried
 * cost the page throughput, and there a frame's header is what is read (docs/performance.md).
 * Also a whole number of base64 groups. Whole binary frames keeps every byte either way.
 */
export const BINARY_PREVIEWS_PER_SECOND = 64;
export const BINARY_BUSY_PREVIEW_BYTES = 255;

/**
 * A frame the page has as a Blob (the default binaryType, or a Blob it sends) can only be read
 * back asynchronously from the browser, and each read costs the page throughput whatever its
 * size: reading every frame of a 64 KiB echo loop took a third of it. A page's first
 * BLOB_READS_PER_SECOND Blob frames in each second are read (then cut as above); past those,
 * until the next second starts, only their exact size is recorded. Whole binary frames reads
 * every one (docs/performance.md item 12).
 */
export const BLOB_READS_PER_SECOND = 16;

/**
 * The bridge asks the hook for the bytes it held back (frames' `more`) of the batch being
 * dispatched, only when the user keeps whole binary frames; the hook answers at once
 * with PAGE_RESTS_EVENT_TYPE, whose detail is their base64, frame after frame. The hook builds
 * both names from PAGE_EVENT_TYPE and these suffixes itself (fewer bytes in every page).
 */
export const PAGE_MORE_EVENT_TYPE = `${PAGE_EVENT_TYPE}more`;
export const PAGE_RESTS_EVENT_TYPE = `${PAGE_EVENT_TYPE}rests`;

/** `storage.local` key of the user's capture settings (written by the panel, read by bridges). */
export const CAPTURE_SETTINGS_KEY = 'captureSettings';

export interface CaptureSettings {
  /** Keep binary frames whole (up to DEFAULT_PAYLOAD_CAP) instead of their first BINARY_PREVIEW_BYTES. */
  wholeBinaryFrames: boolean;
}

export const DEFAULT_CAPTURE_SETTINGS: CaptureSettings = { wholeBinaryFrames: false };

/** The settings in a stored value, defaults for anything missing or malformed. */
export function readCaptureSettings(stored: unknown): CaptureSettings {
  const s = typeof stored === 'object' && stored !== null ? (stored as Partial<CaptureSettings>) : {};
  return { wholeBinaryFrames: s.wholeBinaryFrames === true };
}

// ---------------------------------------------------------------------------
// Page hook -> bridge. `cid` is unique within one document.

export type HookEvent =
  | { kind: 'create'; cid: string; time: number; url: string; protocols: string[] }
  | { kind: 'open'; cid: string; time: number; protocol: string; extensions: string }
  | {
      kind: 'frame';
      cid: string;
      time: number;
      direction: Direction;
      type: FrameType;
      size: number;
      data: string;
      encoding: PayloadEncoding;
      truncated: boolean;
    }
  | { kind: 'error'; cid: string; time: number }
  | { kind: 'close-call'; cid: string; time: number; code?: number; reason?: string; error?: string }
  | { kind: 'send-error'; cid: string; time: number; error: string }
  | { kind: 'send-discarded'; cid: string; time: number; size: number }
  | { kind: 'close'; cid: string; time: number; code: number; reason: string; wasClean: boolean }
  | { kind: 'listen'; cid: string; event: 'close' | 'error' | 'message' };

export type HookEventKind = HookEvent['kind'];

/**
 * A frame as a chunk's header carries it (src/shared/wire.ts): a tuple, a third of the JSON
 * of an object with named fields. `len`: its payload's length in the chunk; `more`: bytes of
 * a binary frame the hook held back after its BINARY_PREVIEW_BYTES (it is then truncated).
 */
export type WireFrame = [cid: string, time: number, flags: number, size: number, len: number, more?: number];
/**
 * WireFrame flags: received (else sent), binary as base64 (else text as UTF-8), truncated, and
 * measure: a whole text frame whose `size` (then 0) is its payload's UTF-8 length, measured by
 * the reader (the background), off the page's thread.
 */
export const WIRE_RECEIVED = 1;
export const WIRE_BINARY = 2;
export const WIRE_TRUNCATED = 4;
export const WIRE_MEASURE = 8;

/** A hooked event as a chunk's header carries it: a frame as a WireFrame, the rest as they are. */
export type WireEvent = Exclude<HookEvent, { kind: 'frame' }> | WireFrame;

// ---------------------------------------------------------------------------
// Bridge <-> background.

export type BridgeToBackground =
  /** `time`: when the document's navigation started (performance.timeOrigin, epoch ms). */
  | { type: 'hello'; v: number; doc: string; url: string; title: string; top: boolean; time: number }
  /**
   * `chunks` are the hook's chunks (src/shared/wire.ts), forwarded as the page sent them
   * (or re-encoded without the events the bridge rejected), and stored as they are.
   * `final`: sent as the document goes away (pagehide): no bridge is left to resend it, so the
   * background stores it at once rather than with the next coalesced write.
   */
  | { type: 'events'; v: number; doc: string; seq: number; chunks: string[]; lost: number; final?: boolean }
  | { type: 'page'; v: number; doc: string; title: string };

export type BackgroundToBridge = { type: 'ack'; seq: number } | { type: 'incompatible'; v: number };

// ---------------------------------------------------------------------------
// Session events: what changes a session. Applied by the same pure reducer in the
// background and in the panel (src/shared/apply.ts).

/** Where a hooked event came from: ids are made unique per tab by prefixing the document. */
export interface Origin {
  doc: string;
  frameId?: number;
  documentId?: string;
  frameUrl?: string;
}

export type HandshakeStage = 'request' | 'response' | 'error' | 'completed';

export interface HandshakeEvent {
  kind: 'handshake';
  requestId: string;
  stage: HandshakeStage;
  time: number;
  url: string;
  frameId?: number;
  documentId?: string;
  requestHeaders?: Header[];
  responseHeaders?: Header[];
  status?: number;
  statusText?: string;
  error?: string;
}

export type SessionEvent =
  /** Events from one document's hook, in the order the page produced them. */
  | { kind: 'hook'; origin: Origin; events: HookEvent[] }
  | HandshakeEvent
  | { kind: 'navigate'; time: number; url: string; title: string; preserve: boolean }
  | { kind: 'page-title'; title: string }
  | { kind: 'lost'; count: number };

// ---------------------------------------------------------------------------
// Panel <-> background.

export interface TabStatus {
  recording: boolean;
  preserveLog: boolean;
  /** False when the tab's page never said hello (loaded before WS Triage was installed); absent: unknown. */
  hooked?: boolean;
}

export type PanelToBackground =
  | { type: 'subscribe'; v: number; tabId: number }
  | { type: 'clear'; tabId: number }
  | { type: 'set-recording'; tabId: number; recording: boolean }
  | { type: 'set-preserve-log'; tabId: number; preserveLog: boolean }
  /** Open the panel as a window of its own (DevTools panels in Firefox have no windows API). */
  | { type: 'pop-out'; tabId: number };

export type BackgroundToPanel =
  /**
   * A snapshot of the retained session: `reset` (session without connections), then one
   * `connection` per connection (frames may follow in `frames` chunks), then live `events`.
   */
  | { type: 'reset'; session: Session; status: TabStatus }
  | { type: 'connection'; connection: Connection }
  | { type: 'frames'; id: string; frames: Frame[] }
  | { type: 'events'; events: SessionEvent[] }
  | { type: 'status'; status: TabStatus }
  /** The tab is gone: the panel keeps what it shows (to read or export) and stops asking. */
  | { type: 'tab-closed' }
  | { type: 'incompatible'; v: number };

export type { PageInfo };
