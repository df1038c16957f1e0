/**
 * MAIN-world hook: records every WebSocket the page makes, without changing what the
 * page can observe. Runs at document_start in every frame, before page scripts.
 *
 * Rules (see docs/architecture.md): capture every native we use at install time, hook
 * the constructor with a Proxy so statics, prototype and instanceof stay intact,
 * observe sockets with the native addEventListener, never re-dispatch events, and
 * rethrow exactly what the natives throw. Imports only constants from src/shared.
 */
import { DEFAULT_PAYLOAD_CAP, PAGE_EVENT_TYPE, PAGE_SOURCE, PROTOCOL_VERSION } from '../shared/protocol';
import type { HookEvent } from '../shared/protocol';

type AnyFn = (...args: unknown[]) => unknown;

function install(win: typeof globalThis): void {
  const NativeWebSocket = win.WebSocket;
  if (typeof NativeWebSocket !== 'function') return;

  // --- natives, captured before page code can patch them -------------------------
  const R = Reflect;
  const apply = R.apply;
  const construct = R.construct;
  const defineProperty = Object.defineProperty;
  const getDescriptor = Object.getOwnPropertyDescriptor;
  const WeakMapCtor = WeakMap;
  const ProxyCtor = Proxy;
  const stringify = JSON.stringify;
  const fromCharCode = String.fromCharCode;
  const btoa = win.btoa;
  const setTimeout = win.setTimeout;
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
  const BlobCtor = win.Blob;
  const blobArrayBuffer = BlobCtor.prototype.arrayBuffer;
  const promiseThen = Promise.prototype.then;
  const isArray = Array.isArray;
  const StringCtor = String;
  const mathRandom = Math.random;
  const wsProto = NativeWebSocket.prototype;
  const getter = (proto: object, name: string): AnyFn => getDescriptor(proto, name)!.get as AnyFn;
  const readyStateOf = getter(wsProto, 'readyState');
  const protocolOf = getter(wsProto, 'protocol');
  const extensionsOf = getter(wsProto, 'extensions');
  const urlOf = getter(wsProto, 'url');
  const messageDataOf = getter(win.MessageEvent.prototype, 'data');
  const closeEventProto = win.CloseEvent.prototype;
  const codeOf = getter(closeEventProto, 'code');
  const reasonOf = getter(closeEventProto, 'reason');
  const wasCleanOf = getter(closeEventProto, 'wasClean');
  const byteLengthOf = getter(ArrayBufferCtor.prototype, 'byteLength');
  const blobSizeOf = getter(BlobCtor.prototype, 'size');

  const call = (fn: AnyFn, self: unknown, ...args: unknown[]): unknown => apply(fn, self, args);
  const now = (): number => timeOrigin + (call(perfNow as AnyFn, perf) as number);
  const cap = DEFAULT_PAYLOAD_CAP;

  // --- the queue to the bridge, flushed in batches ------------------------------
  let queue: HookEvent[] = [];
  let flushScheduled = false;
  const flush = (): void => {
    flushScheduled = false;
    if (queue.length === 0) return;
    const detail = stringify({ source: PAGE_SOURCE, v: PROTOCOL_VERSION, events: queue });
    queue = [];
    call(dispatchEvent as AnyFn, win, new CustomEventCtor(PAGE_EVENT_TYPE, { detail }));
  };
  // A page being left still gets its last events out (a close just before navigating).
  call(addEventListener as AnyFn, win, 'pagehide', flush);
  const emit = (event: HookEvent): void => {
    queue[queue.length] = event;
    if (!flushScheduled) {
      flushScheduled = true;
      // A short timer batches a burst of frames into one message to the bridge.
      setTimeout(flush, 10);
    }
  };

  // --- payloads -------------------------------------------------------------------
  const utf8Length = (s: string): number => {
    let n = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) n += 1;
      else if (c < 0x800) n += 2;
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        n += 4;
        i++;
      } else n += 3;
    }
    return n;
  };
  // Native base64 (Chrome 140+, Firefox 133+) is ~15x faster than the fallback below.
  const nativeToBase64 = (Uint8ArrayCtor.prototype as { toBase64?: AnyFn }).toBase64;
  const base64 = (bytes: Uint8Array): string => {
    if (nativeToBase64) return call(nativeToBase64, bytes) as string;
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
      binary += apply(fromCharCode, null, bytes.subarray(i, i + 0x8000) as unknown as number[]);
    }
    return btoa(binary);
  };
  const binaryFrame = (cid: string, time: number, direction: 'send' | 'receive', buffer: ArrayBuffer, offset: number, length: number): void => {
    const kept = length > cap ? cap : length;
    emit({
      kind: 'frame', cid, time, direction, type: 'binary', size: length,
      data: base64(new Uint8ArrayCtor(buffer, offset, kept)), encoding: 'base64', truncated: kept < length,
    });
  };
  const record = (cid: string, direction: 'send' | 'receive', data: unknown): void => {
    const time = now();
    if (typeof data === 'string') {
      const truncated = data.length > cap;
      emit({
        kind: 'frame', cid, time, direction, type: 'text', size: utf8Length(data),
        data: truncated ? data.slice(0, cap) : data, encoding: 'utf8', truncated,
      });
    } else if (data instanceof ArrayBufferCtor) {
      binaryFrame(cid, time, direction, data, 0, call(byteLengthOf, data) as number);
    } else if (isView(data)) {
      binaryFrame(cid, time, direction, data.buffer as ArrayBuffer, data.byteOffset, data.byteLength);
    } else if (data instanceof BlobCtor) {
      const size = call(blobSizeOf, data) as number;
      const read = call(blobArrayBuffer as AnyFn, data) as Promise<ArrayBuffer>;
      call(promiseThen as AnyFn, read,
        (buffer: ArrayBuffer) => binaryFrame(cid, time, direction, buffer, 0, size),
        () => emit({ kind: 'frame', cid, time, direction, type: 'binary', size, data: '', encoding: 'base64', truncated: size > 0 }));
    }
  };

  // --- sockets --------------------------------------------------------------------
  const ids = new WeakMapCtor<object, string>();
  const prefix = (call(mathRandom as AnyFn, Math) as number).toString(36).slice(2, 8);
  let counter = 0;

  const observe = (ws: object, args: unknown[]): void => {
    const cid = prefix + '-' + ++counter;
    ids.set(ws, cid);
    // Read what was requested without calling page code again (a toString would run twice).
    const requested = args[1];
    const protocols: string[] = [];
    if (typeof requested === 'string') protocols[0] = requested;
    else if (isArray(requested)) {
      for (let i = 0; i < requested.length; i++) {
        const p: unknown = requested[i];
        protocols[i] = typeof p === 'string' ? p : '[non-string]';
      }
    }
    emit({ kind: 'create', cid, time: now(), url: call(urlOf, ws) as string, protocols });
    const listen = (type: string, fn: (e: Event) => void): void => {
      call(addEventListener as AnyFn, ws, type, fn);
    };
    listen('open', () => emit({
      kind: 'open', cid, time: now(), protocol: call(protocolOf, ws) as string, extensions: call(extensionsOf, ws) as string,
    }));
    listen('message', (e) => record(cid, 'receive', call(messageDataOf, e)));
    listen('error', () => emit({ kind: 'error', cid, time: now() }));
    listen('close', (e) => emit({
      kind: 'close', cid, time: now(), code: call(codeOf, e) as number, reason: call(reasonOf, e) as string, wasClean: call(wasCleanOf, e) as boolean,
    }));
  };

  // Proxies we install must print like the natives they stand for.
  const originals = new WeakMapCtor<object, unknown>();
  const disguise = <T extends object>(target: T, handler: ProxyHandler<T>): T => {
    const proxy = new ProxyCtor(target, handler);
    originals.set(proxy, target);
    return proxy;
  };
  const errorName = (error: unknown): string => {
    try {
      const e = error as { name?: unknown; message?: unknown };
      return StringCtor(e.name) + ': ' + StringCtor(e.message);
    } catch {
      return 'Error';
    }
  };

  const HookedWebSocket = disguise(NativeWebSocket, {
    construct(target, args, newTarget) {
      const ws = construct(target, args, newTarget) as object;
      try {
        observe(ws, args);
      } catch {
        // Recording must never change what the page sees.
      }
      return ws;
    },
  });

  const wrapMethod = (name: 'send' | 'close', before: (ws: object, cid: string, args: unknown[]) => void, onError: (cid: string, error: unknown, args: unknown[]) => void, after?: (ws: object, cid: string, args: unknown[]) => void): void => {
    const descriptor = getDescriptor(wsProto, name);
    if (!descriptor || typeof descriptor.value !== 'function') return;
    descriptor.value = disguise(descriptor.value as AnyFn, {
      apply(target, self, args) {
        const cid = ids.get(self as object);
        if (cid === undefined) return apply(target, self, args);
        before(self as object, cid, args);
        let result: unknown;
        try {
          result = apply(target, self, args);
        } catch (error) {
          onError(cid, error, args);
          throw error;
        }
        if (after) after(self as object, cid, args);
        return result;
      },
    });
    defineProperty(wsProto, name, descriptor);
  };

  let stateBeforeSend = 0;
  wrapMethod('send',
    (ws) => { stateBeforeSend = call(readyStateOf, ws) as number; },
    (cid, error) => emit({ kind: 'send-error', cid, time: now(), error: errorName(error) }),
    (_ws, cid, args) => {
      if (stateBeforeSend === 1) record(cid, 'send', args[0]);
      else emit({ kind: 'send-discarded', cid, time: now(), size: sizeOf(args[0]) });
    });
  const sizeOf = (data: unknown): number => {
    if (typeof data === 'string') return utf8Length(data);
    if (data instanceof ArrayBufferCtor) return call(byteLengthOf, data) as number;
    if (isView(data)) return data.byteLength;
    if (data instanceof BlobCtor) return call(blobSizeOf, data) as number;
    return 0;
  };

  const closeArgs = (args: unknown[]): { code?: number; reason?: string } => {
    const out: { code?: number; reason?: string } = {};
    if (args.length > 0 && args[0] !== undefined) out.code = typeof args[0] === 'number' ? args[0] : NaN;
    if (args.length > 1 && args[1] !== undefined) out.reason = typeof args[1] === 'string' ? args[1] : '';
    return out;
  };
  wrapMethod('close',
    () => undefined,
    (cid, error, args) => emit({ kind: 'close-call', cid, time: now(), ...closeArgs(args), error: errorName(error) }),
    (_ws, cid, args) => emit({ kind: 'close-call', cid, time: now(), ...closeArgs(args) }));

  // Whether the page listens for close/error/message (so diagnostics can tell a page
  // that cannot notice a dropped socket). Observed, never changed.
  const noteListener = (self: unknown, type: unknown): void => {
    const cid = ids.get(self as object);
    if (cid !== undefined && (type === 'close' || type === 'error' || type === 'message')) emit({ kind: 'listen', cid, event: type });
  };
  const addDescriptor = getDescriptor(eventTargetProto, 'addEventListener');
  if (addDescriptor) {
    addDescriptor.value = disguise(addEventListener, {
      apply(target, self, args) {
        noteListener(self, args[0]);
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
        if (args[0] !== null && args[0] !== undefined) noteListener(self, type);
        return apply(target, self, args);
      },
    });
    defineProperty(wsProto, 'on' + type, descriptor);
  }

  const toStringDescriptor = getDescriptor(fnProto, 'toString');
  if (toStringDescriptor) {
    toStringDescriptor.value = disguise(fnToString, {
      apply(target, self, args) {
        const original = originals.get(self as object);
        return apply(target, original === undefined ? self : original, args);
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
