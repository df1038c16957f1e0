/**
 * MAIN-world hook: records every WebSocket the page makes, without changing what the
 * page can observe. Runs at document_start in every frame, before page scripts.
 *
 * Rules (see docs/architecture.md): capture every native we use at install time, hook
 * the constructor with a Proxy so statics, prototype and instanceof stay intact,
 * observe sockets with the native addEventListener, never re-dispatch events, and
 * rethrow exactly what the natives throw. Imports only constants from src/shared.
 */
import {
  BINARY_BUSY_PREVIEW_BYTES, BINARY_PREVIEW_BYTES, BINARY_PREVIEWS_PER_SECOND, BLOB_READS_PER_SECOND, DEFAULT_PAYLOAD_CAP, PAGE_EVENT_TYPE,
  WIRE_BINARY, WIRE_MEASURE, WIRE_RECEIVED, WIRE_TRUNCATED,
} from '../shared/protocol';
import { CHUNK_FLUSH_CHARS, CHUNK_TAG } from '../shared/wire';
import type { HookEvent } from '../shared/protocol';

type AnyFn = (...args: unknown[]) => unknown;

function install(win: typeof globalThis): void {
  const NativeWebSocket = win.WebSocket;
  if (typeof NativeWebSocket !== 'function') return;

  // --- natives, captured before page code can patch them -------------------------
  const R = Reflect;
  const apply = R.apply;
  const construct = R.construct;
  const ObjectCtor = Object;
  const defineProperty = ObjectCtor.defineProperty;
  const getDescriptor = ObjectCtor.getOwnPropertyDescriptor;
  const getPrototypeOf = ObjectCtor.getPrototypeOf;
  const setPrototypeOf = ObjectCtor.setPrototypeOf;
  const WeakMapCtor = WeakMap;
  const weakMapGet = WeakMapCtor.prototype.get;
  const weakMapSet = WeakMapCtor.prototype.set;
  const WeakRefCtor = WeakRef;
  const deref = WeakRefCtor.prototype.deref as AnyFn;
  const ProxyCtor = Proxy;
  const stringify = JSON.stringify;
  const fromCharCode = String.fromCharCode;
  const btoa = win.btoa;
  // A timer that takes no setTimeout id (ids are sequential: a page would see a gap).
  const AbortSignalCtor = win.AbortSignal;
  const abortAfter = AbortSignalCtor.timeout as AnyFn;
  const perf = win.performance;
  const perfNow = perf.now;
  const timeOrigin = perf.timeOrigin;
  const CustomEventCtor = win.CustomEvent;
  const eventTargetProto = win.EventTarget.prototype;
  const addEventListener = eventTargetProto.addEventListener;
  const dispatchEvent = eventTargetProto.dispatchEvent;
  const fnProto = Function.prototype;
  const fnToString = fnProto.toString;
  const ArrayBufferCtor = win.ArrayBuffer;
  const isView = ArrayBufferCtor.isView;
  const Uint8ArrayCtor = win.Uint8Array;
  const typedArraySet = Uint8ArrayCtor.prototype.set as AnyFn;
  const BlobCtor = win.Blob;
  // Blobs are read with a FileReader of ours, not Blob.arrayBuffer(): a promise's then() looks up
  // its species (Promise.prototype.constructor) and the value's own `then`, both page-patchable.
  const FileReaderCtor = win.FileReader;
  const readAsArrayBuffer = FileReaderCtor.prototype.readAsArrayBuffer;
  const blobSlice = BlobCtor.prototype.slice;
  const isArray = Array.isArray;
  const strProto = String.prototype;
  // `uncurry(f)(self, ...args)` is `f.call(self, ...args)` without looking anything up.
  const uncurry = (fn: AnyFn): AnyFn => apply(fnProto.bind, fnProto.call, [fn]) as AnyFn;
  const charCodeAt = uncurry(strProto.charCodeAt as AnyFn) as (s: string, i: number) => number;
  const sliceOf = strProto.slice as AnyFn;
  const mathRandom = Math.random;
  const wsProto = NativeWebSocket.prototype;
  const getter = (proto: object, name: string): AnyFn => getDescriptor(proto, name)!.get as AnyFn;
  const detailOf = getter(CustomEventCtor.prototype, 'detail');
  const readyStateOf = getter(wsProto, 'readyState');
  const protocolOf = getter(wsProto, 'protocol');
  const extensionsOf = getter(wsProto, 'extensions');
  const urlOf = getter(wsProto, 'url');
  const messageDataOf = getter(win.MessageEvent.prototype, 'data');
  const readerResultOf = getter(FileReaderCtor.prototype, 'result');
  const closeEventProto = win.CloseEvent.prototype;
  const codeOf = getter(closeEventProto, 'code');
  const reasonOf = getter(closeEventProto, 'reason');
  const wasCleanOf = getter(closeEventProto, 'wasClean');
  const byteLengthOf = getter(ArrayBufferCtor.prototype, 'byteLength');
  const blobSizeOf = getter(BlobCtor.prototype, 'size');
  const viewGetters = (proto: object): AnyFn[] => [getter(proto, 'buffer'), getter(proto, 'byteOffset'), getter(proto, 'byteLength')];
  const typedArrayGetters = viewGetters(getPrototypeOf(Uint8ArrayCtor.prototype) as object);
  const dataViewGetters = viewGetters(win.DataView.prototype);
  const domExceptionProto = win.DOMException.prototype;
  const domNameOf = getter(domExceptionProto, 'name');
  const domMessageOf = getter(domExceptionProto, 'message');

  const call = (fn: AnyFn, self: unknown, ...args: unknown[]): unknown => apply(fn, self, args);
  /** A brand check: the native getter's value, or undefined when `self` is not that kind of object. */
  const tryCall = (fn: AnyFn, self: unknown): unknown => {
    try {
      return apply(fn, self, []);
    } catch {
      return undefined;
    }
  };
  // Objects the hook makes have no prototype: filling or serializing them (toJSON, the
  // CustomEvent dictionary) must not reach a getter or setter a page put on a prototype.
  const bare = <T extends object>(o: T): T => setPrototypeOf(o, null) as T;
  const mapGet = (map: WeakMap<object, unknown>, key: unknown): unknown => apply(weakMapGet, map, [key]);
  /** Arguments of a call with none: Reflect.apply without allocating on the hot path. */
  const NONE: unknown[] = bare([]);
  // Strictly increasing: the page's clock is coarse (100 µs in Chromium, 1 ms in Firefox), so a
  // burst gets equal times, and a Blob frame (read later) must still sort where it was received.
  let last = 0;
  const now = (): number => {
    const t = timeOrigin + (apply(perfNow as AnyFn, perf, NONE) as number);
    return (last = t > last ? t : last + 0.001);
  };
  const cap = DEFAULT_PAYLOAD_CAP;

  // --- the queue to the bridge, flushed in batches ------------------------------
  // A batch is one chunk (src/shared/wire.ts): the events' JSON, a newline, then the
  // frames' payloads, so a payload is never escaped into JSON on the page's thread.
  // A frame's JSON is written as text: no object per frame, and nothing in it can reach
  // page code (our own id, our own constants, numbers and booleans).
  let events = '';
  let payloads = '';
  let flushScheduled = false;
  // Bytes of binary frames held back after their preview. They are copied (the page may
  // reuse its buffer), and every Blob read, only while the bridge asks for them, i.e. while the
  // user keeps whole binary frames: the bridge asks at each batch with a binary frame, a batch
  // with one that was not asked for ends it, and the bridge's ask (PAGE_MORE_EVENT_TYPE, also
  // sent when the user turns it on) resumes it.
  let keepRests = false;
  let binaryInBatch = false;
  let asked = false;
  let rests: Uint8Array[] = bare([]);
  let dispatching: Uint8Array[] | null = null;
  const flush = (): void => {
    flushScheduled = false;
    if (events === '') return;
    const detail = CHUNK_TAG + events + ']}\n' + payloads;
    const held = binaryInBatch;
    events = '';
    payloads = '';
    binaryInBatch = false;
    asked = false;
    dispatching = rests;
    rests = bare([]);
    call(dispatchEvent as AnyFn, win, new CustomEventCtor(PAGE_EVENT_TYPE, bare({ detail })));
    dispatching = null;
    if (held) keepRests = asked;
  };
  // The other event types are PAGE_EVENT_TYPE's with a suffix (src/shared/protocol.ts), built here: fewer bytes.
  call(addEventListener as AnyFn, win, PAGE_EVENT_TYPE + 'more', () => {
    asked = true;
    keepRests = true;
    const batch = dispatching;
    dispatching = null;
    if (!batch || batch.length === 0) return;
    let detail = '';
    for (let i = 0; i < batch.length; i++) detail += base64(batch[i]!);
    call(dispatchEvent as AnyFn, win, new CustomEventCtor(PAGE_EVENT_TYPE + 'rests', bare({ detail })));
  }, true);
  // A page being left still gets its last events out (a close just before navigating).
  call(addEventListener as AnyFn, win, 'pagehide', flush);
  const queue = (json: string): void => {
    events = events === '' ? json : events + ',' + json;
    if (payloads.length + events.length >= CHUNK_FLUSH_CHARS || rests.length > 15) flush();
    else if (!flushScheduled) {
      flushScheduled = true;
      // A short timer batches a burst of frames into one message to the bridge.
      call(addEventListener as AnyFn, call(abortAfter, AbortSignalCtor, 10), 'abort', flush);
    }
  };
  const emit = (event: Exclude<HookEvent, { kind: 'frame' }>): void => queue(stringify(bare(event)));
  // A frame is a tuple in the header (WireFrame: [cid, time, flags, size, len, more?]).
  const frame = (cid: string, time: number, direction: 'send' | 'receive', flags: number, size: number, data: string, more = 0): void => {
    payloads += data;
    queue('["' + cid + '",' + time + ',' + (direction === 'receive' ? flags | WIRE_RECEIVED : flags) + ',' + size + ',' + data.length + (more > 0 ? ',' + more : '') + ']');
  };

  // --- payloads -------------------------------------------------------------------
  // UTF-8 length by the native encoder, in slices into one scratch buffer (a surrogate pair
  // is never split); ~5x faster than a loop over char codes for the usual short message.
  const TextEncoderCtor = win.TextEncoder;
  const encoder = new TextEncoderCtor();
  const encodeInto = TextEncoderCtor.prototype.encodeInto as AnyFn;
  const SLICE = 8192;
  let scratch: Uint8Array | undefined;
  const utf8Length = (s: string): number => {
    scratch ??= new Uint8ArrayCtor(3 * SLICE);
    let n = 0;
    for (let i = 0; i < s.length; ) {
      let end = i + SLICE;
      if (end < s.length && (charCodeAt(s, end - 1) & 0xfc00) === 0xd800) end--;
      n += (apply(encodeInto, encoder, [end >= s.length && i === 0 ? s : call(sliceOf, s, i, end), scratch]) as { written: number }).written;
      i = end;
    }
    return n;
  };
  // Native base64 (Chrome 140+, Firefox 133+) is ~15x faster than the fallback below.
  const nativeToBase64 = (Uint8ArrayCtor.prototype as { toBase64?: AnyFn }).toBase64;
  // The fallback reads bytes by index into a bare array: no subarray (species), no length getter.
  const base64 = (bytes: Uint8Array): string => {
    if (nativeToBase64) return call(nativeToBase64, bytes) as string;
    const length = call(typedArrayGetters[2]!, bytes) as number;
    let binary = '';
    for (let i = 0; i < length; i += 0x8000) {
      const chunk: number[] = bare([]);
      for (let j = i; j < length && j < i + 0x8000; j++) chunk[j - i] = bytes[j]!;
      binary += apply(fromCharCode, null, chunk);
    }
    return btoa(binary);
  };
  /** A count per second: `past(time)` is true once `limit` calls were made in the second that started at the first. */
  const perSecond = (limit: number): ((time: number) => boolean) => {
    let since = -1e9;
    let n = 0;
    return (time) => {
      if (time - since >= 1000) {
        since = time;
        n = 0;
      }
      return n++ >= limit;
    };
  };
  const busyPreviews = perSecond(BINARY_PREVIEWS_PER_SECOND);
  const busyBlobReads = perSecond(BLOB_READS_PER_SECOND);
  /** How many of a binary frame's first `kept` bytes its preview shows. */
  const previewLength = (time: number, kept: number): number =>
    kept <= BINARY_BUSY_PREVIEW_BYTES ? kept : busyPreviews(time) ? BINARY_BUSY_PREVIEW_BYTES : kept > BINARY_PREVIEW_BYTES ? BINARY_PREVIEW_BYTES : kept;
  /** `buffer` holds the frame's bytes from `offset` on: all of them, or (a Blob's) only those read. */
  const binaryFrame = (cid: string, time: number, direction: 'send' | 'receive', buffer: ArrayBuffer, offset: number, length: number, shown?: number): void => {
    const kept = length > cap ? cap : length;
    shown ??= previewLength(time, kept);
    // Only the preview is encoded now; the rest is kept only while the bridge asks for it.
    // `more` (bytes held back, to be joined by the bridge) only when they were copied: a Blob read
    // before the user asked holds fewer, and must not leave the batch's other rests unjoinable.
    let more = kept - shown;
    binaryInBatch = true;
    if (more > 0 && keepRests && offset + kept <= (call(byteLengthOf, buffer) as number)) {
      const rest = new Uint8ArrayCtor(more);
      apply(typedArraySet, rest, [new Uint8ArrayCtor(buffer, offset + shown, more)]);
      rests[rests.length] = rest;
    } else more = 0;
    frame(cid, time, direction, shown < length ? WIRE_BINARY | WIRE_TRUNCATED : WIRE_BINARY, length, base64(new Uint8ArrayCtor(buffer, offset, shown)), more);
  };
  /** [buffer, offset, length] of an ArrayBuffer or a view, by brand checks (no instanceof, no page getters). */
  const bytesOf = (data: unknown): [ArrayBuffer, number, number] | undefined => {
    // Views first: a failed brand check throws, and an exception per frame is costly.
    if (!isView(data)) {
      const n = tryCall(byteLengthOf, data);
      return n === undefined ? undefined : [data as ArrayBuffer, 0, n as number];
    }
    const g = tryCall(typedArrayGetters[0]!, data) === undefined ? dataViewGetters : typedArrayGetters;
    return [call(g[0]!, data) as ArrayBuffer, call(g[1]!, data) as number, call(g[2]!, data) as number];
  };
  const record = (cid: string, direction: 'send' | 'receive', data: unknown): void => {
    const time = now();
    if (typeof data === 'string') {
      // A whole text frame's UTF-8 size is measured by the background, off the page's thread.
      if (data.length <= cap) frame(cid, time, direction, WIRE_MEASURE, 0, data);
      else frame(cid, time, direction, WIRE_TRUNCATED, utf8Length(data), call(sliceOf, data, 0, cap) as string);
      return;
    }
    const bytes = bytesOf(data);
    if (bytes) return binaryFrame(cid, time, direction, bytes[0], bytes[1], bytes[2]);
    const size = tryCall(blobSizeOf, data) as number | undefined;
    // send(42), send(null), send(true) send the text the primitive converts to (no page code runs;
    // a Symbol made the native throw first). An object's own toString cannot be run again.
    if (size === undefined) return ObjectCtor(data) !== data ? record(cid, direction, '' + (data as string)) : undefined;
    const kept = size > cap ? cap : size;
    const unread = (): void => frame(cid, time, direction, WIRE_BINARY | WIRE_TRUNCATED, size, '');
    // A Blob's bytes are read back from the browser at a cost per read: past BLOB_READS_PER_SECOND
    // in a second, only a Blob frame's size is recorded, unless the user keeps whole binary frames.
    if (!keepRests && busyBlobReads(time)) return unread();
    const shown = previewLength(time, kept);
    const want = keepRests ? kept : shown;
    const reader = new FileReaderCtor();
    call(addEventListener as AnyFn, reader, 'loadend', () => {
      try {
        const buffer = call(readerResultOf, reader) as ArrayBuffer | null;
        if (buffer) binaryFrame(cid, time, direction, buffer, 0, size, shown);
        else unread();
      } catch {
        // Never reported to the page.
      }
    });
    call(readAsArrayBuffer as AnyFn, reader, size > want ? call(blobSlice as AnyFn, data, 0, want) : data);
  };

  // --- sockets --------------------------------------------------------------------
  const ids = new WeakMapCtor<object, string>();
  const prefix = (call(mathRandom as AnyFn, Math) as number).toString(36).slice(2, 8);
  let counter = 0;

  const observe = (ws: object, args: unknown[]): void => {
    const cid = prefix + '-' + ++counter;
    apply(weakMapSet, ids, [ws, cid]);
    // Read what was requested without calling page code again (a toString or a getter
    // would run twice): data properties only, read from a bare descriptor.
    const requested = args[1];
    const protocols: string[] = bare([]);
    if (typeof requested === 'string') protocols[0] = requested;
    else if (isArray(requested)) {
      for (let i = 0; i < requested.length; i++) {
        const d = getDescriptor(requested, i);
        const p: unknown = d && bare(d).value;
        protocols[i] = typeof p === 'string' ? p : '[non-string]';
      }
    }
    emit({ kind: 'create', cid, time: now(), url: call(urlOf, ws) as string, protocols });
    // The browser's own events only (isTrusted is unforgeable): an Event('message') the
    // page dispatches itself is neither recorded nor allowed to make this listener throw.
    const listen = (type: string, fn: (e: Event) => void): void => {
      call(addEventListener as AnyFn, ws, type, (e: Event) => {
        if (!e.isTrusted) return;
        try {
          fn(e);
        } catch {
          // Never reported to the page.
        }
      });
    };
    listen('open', () => emit({
      kind: 'open', cid, time: now(), protocol: call(protocolOf, ws) as string, extensions: call(extensionsOf, ws) as string,
    }));
    listen('message', (e) => record(cid, 'receive', apply(messageDataOf, e, NONE)));
    listen('error', () => emit({ kind: 'error', cid, time: now() }));
    listen('close', (e) => emit({
      kind: 'close', cid, time: now(), code: call(codeOf, e) as number, reason: call(reasonOf, e) as string, wasClean: call(wasCleanOf, e) as boolean,
    }));
  };

  // Proxies we install must print like the natives they stand for.
  const originals = new WeakMapCtor<object, unknown>();
  const disguise = <T extends object>(target: T, handler: ProxyHandler<T>): T => {
    const proxy = new ProxyCtor(target, bare(handler));
    apply(weakMapSet, originals, [proxy, target]);
    return proxy;
  };
  // What a native threw, read with DOMException's own getters (a page may patch name/message).
  const errorName = (error: unknown): string => {
    try {
      return call(domNameOf, error) + ': ' + call(domMessageOf, error);
    } catch {
      return 'TypeError';
    }
  };

  const HookedWebSocket = disguise(NativeWebSocket, {
    construct(target, args, newTarget) {
      const ws = construct(target, args, newTarget) as object;
      try {
        observe(ws, bare(args));
      } catch {
        // Recording must never change what the page sees.
      }
      return ws;
    },
  });

  const wrapMethod = (name: 'send' | 'close', onError: (cid: string, error: unknown, args: unknown[]) => void, after?: (ws: object, cid: string, args: unknown[]) => void): void => {
    const descriptor = getDescriptor(wsProto, name);
    if (!descriptor || typeof descriptor.value !== 'function') return;
    descriptor.value = disguise(descriptor.value as AnyFn, {
      apply(target, self, args) {
        const cid = mapGet(ids, self) as string | undefined;
        if (cid === undefined) return apply(target, self, args);
        let result: unknown;
        try {
          result = apply(target, self, args);
        } catch (error) {
          try {
            onError(cid, error, args);
          } catch {
            // The page gets the native's own error, whatever recording it does.
          }
          throw error;
        }
        try {
          if (after) after(self as object, cid, args);
        } catch {
          // Recording must never change what the page sees.
        }
        return result;
      },
    });
    defineProperty(wsProto, name, descriptor);
  };

  wrapMethod('send',
    (cid, error) => emit({ kind: 'send-error', cid, time: now(), error: errorName(error) }),
    (ws, cid, args) => {
      // Read after the call: a page's toString run by send() may close this socket or send on another.
      if (apply(readyStateOf, ws, NONE) === 1) record(cid, 'send', args[0]);
      else emit({ kind: 'send-discarded', cid, time: now(), size: sizeOf(args[0]) });
    });
  const sizeOf = (data: unknown): number =>
    typeof data === 'string' ? utf8Length(data) : (bytesOf(data)?.[2] ?? (tryCall(blobSizeOf, data) as number | undefined) ?? 0);

  const closeArgs = (args: unknown[]): { code?: number; reason?: string } => {
    const out: { code?: number; reason?: string } = bare({});
    // close() with no arguments: args[0] must not reach an index getter on Array.prototype.
    bare(args);
    // The code the browser converts (close('4000') closes with 4000); -1 for what it cannot be
    // (an object's valueOf is page code, not run again).
    const c = args[0];
    const n = typeof c === 'number' || typeof c === 'string' ? +c : NaN;
    if (args.length > 0 && c !== undefined) out.code = n - n === 0 ? n : -1;
    if (args.length > 1 && args[1] !== undefined) out.reason = typeof args[1] === 'string' ? args[1] : '';
    return out;
  };
  wrapMethod('close',
    (cid, error, args) => emit({ kind: 'close-call', cid, time: now(), ...closeArgs(args), error: errorName(error) }),
    (_ws, cid, args) => emit({ kind: 'close-call', cid, time: now(), ...closeArgs(args) }));

  // Whether the page listens for close/error/message (so diagnostics can tell a page
  // that cannot notice a dropped socket). Observed, never changed.
  const noteListener = (self: unknown, type: unknown): void => {
    const cid = mapGet(ids, self) as string | undefined;
    if (cid !== undefined && (type === 'close' || type === 'error' || type === 'message')) emit({ kind: 'listen', cid, event: type });
  };
  const addDescriptor = getDescriptor(eventTargetProto, 'addEventListener');
  if (addDescriptor) {
    addDescriptor.value = disguise(addEventListener, {
      apply(target, self, args) {
        if (ObjectCtor(bare(args)[1]) === args[1]) noteListener(self, args[0]);
        return apply(target, self, args);
      },
    });
    defineProperty(eventTargetProto, 'addEventListener', addDescriptor);
  }
  for (const type of ['close', 'error', 'message']) {
    const descriptor = getDescriptor(wsProto, 'on' + type);
    const set = descriptor && descriptor.set;
    if (!descriptor || !set) continue;
    descriptor.set = disguise(set, {
      apply(target, self, args) {
        if (ObjectCtor(bare(args)[0]) === args[0]) noteListener(self, type);
        return apply(target, self, args);
      },
    });
    defineProperty(wsProto, 'on' + type, descriptor);
  }

  // Another same-origin frame's Function.prototype.toString must print our proxies like
  // natives too (and ours theirs): each hook links with its parent frame's hook, and a
  // proxy unknown here is looked up along those links. Links are weak (a removed frame
  // is not kept alive) and `busy` stops a lookup from coming back to where it started.
  const peers: WeakRef<AnyFn>[] = bare([]);
  let busy = false;
  const nativeSource = (f: unknown): unknown => {
    const original = mapGet(originals, f);
    if (original !== undefined) return apply(fnToString, original, []);
    if (busy) return undefined;
    busy = true;
    try {
      for (let i = 0; i < peers.length; i++) {
        const peer = apply(deref, peers[i], []) as AnyFn | undefined;
        let source: unknown;
        try {
          source = peer && peer(f);
        } catch {
          // A frame that is gone.
        }
        if (source !== undefined) return source;
      }
    } finally {
      busy = false;
    }
    return undefined;
  };
  const link = (peer: unknown): AnyFn => {
    if (typeof peer === 'function') peers[peers.length] = new WeakRefCtor(peer as AnyFn);
    return nativeSource;
  };
  const LINK = PAGE_EVENT_TYPE + 'link';
  call(addEventListener as AnyFn, win, LINK, (e: Event) => {
    try {
      link((call(detailOf, e) as AnyFn)(nativeSource));
    } catch {
      // Not one of ours.
    }
  }, true);
  // The parent frame, and the window that opened this one (window.open): same-origin ones print our proxies too.
  for (const other of [win.parent, win.opener] as unknown[]) {
    try {
      if (other && other !== win) call(dispatchEvent as AnyFn, other, new CustomEventCtor(LINK, bare({ detail: link })));
    } catch {
      // A cross-origin one: nothing to link with.
    }
  }

  const toStringDescriptor = getDescriptor(fnProto, 'toString');
  if (toStringDescriptor) {
    toStringDescriptor.value = disguise(fnToString, {
      apply(target, self, args) {
        const source = nativeSource(self);
        return source !== undefined ? source : apply(target, self, args);
      },
    });
    defineProperty(fnProto, 'toString', toStringDescriptor);
  }

  const ctorDescriptor = getDescriptor(wsProto, 'constructor');
  if (ctorDescriptor) {
    ctorDescriptor.value = HookedWebSocket;
    defineProperty(wsProto, 'constructor', ctorDescriptor);
  }
  const globalDescriptor = getDescriptor(win, 'WebSocket');
  if (globalDescriptor) {
    globalDescriptor.value = HookedWebSocket;
    defineProperty(win, 'WebSocket', globalDescriptor);
  }
}

try {
  install(globalThis);
} catch {
  // A page that already broke WebSocket keeps its own behaviour.
}
