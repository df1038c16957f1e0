/* eslint-disable @typescript-eslint/no-unused-vars -- runTransparencyChecks is called by the test, from outside the file */
/**
 * The transparency checks: what a page can observe of `WebSocket`, written from the
 * WHATWG WebSockets standard (https://websockets.spec.whatwg.org/), HTML (event
 * handlers) and DOM (EventTarget). A plain browser script, no imports: the test
 * injects it into a page with and without the extension and compares the results.
 *
 * `runTransparencyChecks(wsOrigin)` returns `{ [checkName]: JSON-serializable }`.
 * Checks run one after another (some look at window-wide state). A check that throws
 * records `{ threw: errorName }`, so a difference in what throws is a difference.
 * Keys starting with "known:" record differences the browsers make impossible to
 * remove (see docs/reliability.md); the test compares them separately.
 */
async function runTransparencyChecks(wsOrigin) {
  const results = {};
  const WAIT = 20000;

  // Every error the page would see reported (a hook listener that throws, for one).
  const reported = [];
  let current = '';
  const onError = (e) => reported.push(current + ': error ' + (e.error && e.error.name ? e.error.name : '') + ' ' + String(e.message));
  const onRejection = (e) => reported.push(current + ': unhandledrejection ' + (e.reason && e.reason.name ? e.reason.name : String(e.reason)));
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);

  const errorOf = (e) => {
    if (e === null || typeof e !== 'object') return { threw: typeof e, value: String(e) };
    return {
      threw: String(e.name),
      ctor: e.constructor ? e.constructor.name : null,
      isDOMException: e instanceof DOMException,
      code: typeof e.code === 'number' ? e.code : null,
    };
  };
  const check = async (name, fn) => {
    current = name;
    try {
      const value = await fn();
      results[name] = value === undefined ? '(undefined)' : value;
    } catch (e) {
      results[name] = errorOf(e);
    }
  };
  const throwsOf = (fn) => {
    try {
      const value = fn();
      if (value instanceof WebSocket) {
        const url = value.url;
        value.close();
        return { returned: 'WebSocket', url };
      }
      return { returned: typeof value };
    } catch (e) {
      return errorOf(e);
    }
  };
  const timeout = (ms, what) =>
    new Promise((_, reject) => setTimeout(() => reject(new Error('timeout: ' + what)), ms));
  const until = (promise, what) => Promise.race([promise, timeout(WAIT, what)]);
  const opened = (ws) =>
    until(
      new Promise((resolve, reject) => {
        ws.addEventListener('open', () => resolve(ws), { once: true });
        ws.addEventListener('close', () => reject(new Error('closed before open')), { once: true });
      }),
      'open ' + ws.url,
    );
  const nextMessage = (ws) =>
    until(new Promise((resolve) => ws.addEventListener('message', resolve, { once: true })), 'message');
  const closed = (ws) =>
    until(new Promise((resolve) => ws.addEventListener('close', resolve, { once: true })), 'close');
  const echo = (query) => wsOrigin + '/echo?t=' + query;
  const describe = (d) => {
    if (!d) return null;
    const out = { enumerable: d.enumerable, configurable: d.configurable };
    if ('value' in d) {
      out.value = typeof d.value;
      out.writable = d.writable;
      if (typeof d.value === 'number' || typeof d.value === 'string') out.is = d.value;
    } else {
      out.get = typeof d.get;
      out.set = typeof d.set;
    }
    return out;
  };
  const keyName = (k) => (typeof k === 'symbol' ? k.toString() : k);
  const descriptorsOf = (obj) => {
    const out = {};
    for (const k of Reflect.ownKeys(obj)) out[keyName(k)] = describe(Object.getOwnPropertyDescriptor(obj, k));
    return out;
  };
  const fnToString = (f) => Function.prototype.toString.call(f);
  const fnInfo = (f) => (typeof f === 'function' ? { name: f.name, length: f.length, source: fnToString(f) } : typeof f);

  // --- window (first: later checks add iframes, which add indexed names) -----------
  await check('window.ownPropertyNames', () => Object.getOwnPropertyNames(window).sort());
  await check('window.ownKeys.count', () => Reflect.ownKeys(window).length);
  await check('window.ownSymbols', () => Object.getOwnPropertySymbols(window).map(String));
  await check('window.WebSocket.descriptor', () => describe(Object.getOwnPropertyDescriptor(window, 'WebSocket')));
  await check('window.keysMentioningHooks', () =>
    Reflect.ownKeys(window).map(keyName).filter((k) => /triage|hook|__ws|proxy/i.test(k)),
  );

  // --- the interface object ---------------------------------------------------------
  await check('interface.typeof', () => typeof WebSocket);
  await check('interface.length', () => WebSocket.length);
  await check('interface.name', () => WebSocket.name);
  await check('interface.constants', () =>
    ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'].map((c) => [c, WebSocket[c], WebSocket.prototype[c]]),
  );
  await check('interface.ownDescriptors', () => descriptorsOf(WebSocket));
  await check('interface.isExtensible', () => [Object.isExtensible(WebSocket), Object.isFrozen(WebSocket), Object.isSealed(WebSocket)]);
  await check('interface.prototypeChain', () => ({
    ctorProtoIsEventTarget: Object.getPrototypeOf(WebSocket) === EventTarget,
    protoProtoIsEventTargetProto: Object.getPrototypeOf(WebSocket.prototype) === EventTarget.prototype,
    protoConstructor: WebSocket.prototype.constructor === WebSocket,
    protoOwnConstructor: Object.prototype.hasOwnProperty.call(WebSocket.prototype, 'constructor'),
  }));
  await check('prototype.ownDescriptors', () => descriptorsOf(WebSocket.prototype));
  await check('prototype.ownKeys', () => Reflect.ownKeys(WebSocket.prototype).map(keyName));
  await check('prototype.toStringTag', () => WebSocket.prototype[Symbol.toStringTag]);
  await check('prototype.accessorNames', () =>
    Reflect.ownKeys(WebSocket.prototype)
      .map((k) => [keyName(k), Object.getOwnPropertyDescriptor(WebSocket.prototype, k)])
      .filter(([, d]) => d.get)
      .map(([k, d]) => [k, d.get.name, d.get.length, d.set ? d.set.name : null, d.set ? d.set.length : null]),
  );
  await check('prototype.methods', () => ({
    send: [WebSocket.prototype.send.name, WebSocket.prototype.send.length],
    close: [WebSocket.prototype.close.name, WebSocket.prototype.close.length],
  }));
  await check('prototype.getterOnPrototypeThrows', () => throwsOf(() => WebSocket.prototype.readyState));
  await check('prototype.sendOnNonSocketThrows', () => throwsOf(() => WebSocket.prototype.send.call({}, 'x')));
  await check('prototype.closeOnNonSocketThrows', () => throwsOf(() => WebSocket.prototype.close.call(window)));
  await check('prototype.setterOnNonSocketThrows', () =>
    throwsOf(() => Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage').set.call({}, () => {})),
  );
  await check('eventTarget.ownPropertyNames', () => Object.getOwnPropertyNames(EventTarget.prototype));
  await check('eventTarget.addEventListener', () => ({
    descriptor: describe(Object.getOwnPropertyDescriptor(EventTarget.prototype, 'addEventListener')),
    fn: fnInfo(EventTarget.prototype.addEventListener),
    sameOnWindow: window.addEventListener === EventTarget.prototype.addEventListener,
  }));
  await check('eventTarget.addEventListenerOnNonTarget', () =>
    throwsOf(() => EventTarget.prototype.addEventListener.call({}, 'x', () => {})),
  );
  await check('function.toString.descriptor', () => describe(Object.getOwnPropertyDescriptor(Function.prototype, 'toString')));

  // --- Function.prototype.toString and friends ----------------------------------------
  await check('toString.WebSocket', () => fnToString(WebSocket));
  await check('toString.String(WebSocket)', () => String(WebSocket));
  await check('toString.templateWebSocket', () => `${WebSocket}`);
  await check('toString.send', () => fnInfo(WebSocket.prototype.send));
  await check('toString.close', () => fnInfo(WebSocket.prototype.close));
  await check('toString.addEventListener', () => fnToString(EventTarget.prototype.addEventListener));
  await check('toString.itself', () => fnInfo(Function.prototype.toString));
  await check('toString.toStringOfToString', () => Function.prototype.toString.toString());
  await check('toString.handlerAccessors', () =>
    ['onopen', 'onmessage', 'onerror', 'onclose'].map((k) => {
      const d = Object.getOwnPropertyDescriptor(WebSocket.prototype, k);
      return [k, fnInfo(d.get), fnInfo(d.set)];
    }),
  );
  await check('toString.nonFunctionThrows', () => throwsOf(() => Function.prototype.toString.call({})));
  await check('toString.pageProxy', () => fnToString(new Proxy(function named() {}, {})));
  await check('toString.pageFunction', () => fnToString(function pageFn(a, b) { return a + b; }));
  await check('toString.bound', () => fnToString(WebSocket.bind(null)));
  await check('toString.boundName', () => WebSocket.prototype.send.bind(null).name);

  // --- constructor errors ------------------------------------------------------------
  const host = wsOrigin.replace(/^ws:\/\//, '');
  await check('ctor.withoutNew', () => throwsOf(() => WebSocket(echo('nonew'))));
  await check('ctor.noArguments', () => throwsOf(() => new WebSocket()));
  await check('ctor.badScheme', () => throwsOf(() => new WebSocket('ftp://' + host + '/echo')));
  await check('ctor.unparsable', () => throwsOf(() => new WebSocket('ws://[')));
  await check('ctor.fragment', () => throwsOf(() => new WebSocket(echo('frag') + '#fragment')));
  await check('ctor.emptyFragment', () => throwsOf(() => new WebSocket(echo('frag2') + '#')));
  await check('ctor.httpScheme', () => throwsOf(() => new WebSocket('http://' + host + '/echo?t=http')));
  await check('ctor.relativeUrl', () => throwsOf(() => new WebSocket('/echo?t=relative')));
  await check('ctor.blockedPort', () => throwsOf(() => new WebSocket('ws://127.0.0.1:25/')));
  await check('ctor.emptyProtocol', () => throwsOf(() => new WebSocket(echo('p1'), '')));
  await check('ctor.protocolWithSpace', () => throwsOf(() => new WebSocket(echo('p2'), 'a b')));
  await check('ctor.protocolNonToken', () => throwsOf(() => new WebSocket(echo('p3'), ['ok', 'bad,comma'])));
  await check('ctor.duplicateProtocols', () => throwsOf(() => new WebSocket(echo('p4'), ['chat', 'chat'])));
  await check('ctor.caseDifferentProtocols', () => throwsOf(() => new WebSocket(echo('p5'), ['Chat', 'chat'])));
  await check('ctor.symbolUrl', () => throwsOf(() => new WebSocket(Symbol('x'))));
  await check('ctor.reflectConstructBadNewTarget', () => throwsOf(() => Reflect.construct(WebSocket, [echo('rc')], Math.max)));
  await check('ctor.urlToStringCalledOnce', () => {
    let calls = 0;
    const ws = new WebSocket({ toString: () => (calls++, echo('tostring')) });
    ws.close();
    return calls;
  });
  await check('ctor.protocolToStringCalledOnce', () => {
    let calls = 0;
    const ws = new WebSocket(echo('ptostring'), { toString: () => (calls++, 'chat') });
    ws.close();
    return calls;
  });
  await check('ctor.protocolElementGetterCalledOnce', () => {
    let calls = 0;
    const protocols = ['a'];
    Object.defineProperty(protocols, 1, { get: () => (calls++, 'b'), enumerable: true, configurable: true });
    // And nothing may look `value` up on Object.prototype (an accessor's descriptor has none).
    Object.defineProperty(Object.prototype, 'value', { configurable: true, get: () => (calls += 100, undefined) });
    try {
      const ws = new WebSocket(echo('pgetter'), protocols);
      ws.close();
    } finally {
      delete Object.prototype.value;
    }
    return calls;
  });
  await check('ctor.protocolIteratorCalledOnce', () => {
    let calls = 0;
    const protocols = {
      [Symbol.iterator]() {
        calls++;
        return ['x', 'y'][Symbol.iterator]();
      },
    };
    const ws = new WebSocket(echo('piter'), protocols);
    ws.close();
    return calls;
  });

  // --- instances ---------------------------------------------------------------------
  await check('instance.urlNormalization', () => {
    const ws = new WebSocket('WS://' + host.toUpperCase() + '/a/../echo?t=normal&q=a b');
    const value = ws.url;
    ws.close();
    return value;
  });
  await check('instance.attributes', () => {
    const ws = new WebSocket(echo('attrs'));
    const value = {
      readyState: ws.readyState,
      bufferedAmount: ws.bufferedAmount,
      extensions: ws.extensions,
      protocol: ws.protocol,
      binaryType: ws.binaryType,
      handlers: [ws.onopen, ws.onmessage, ws.onerror, ws.onclose],
      ownKeys: Reflect.ownKeys(ws).map(keyName),
      isExtensible: Object.isExtensible(ws),
    };
    ws.close();
    return value;
  });
  await check('instance.identity', () => {
    const ws = new WebSocket(echo('identity'));
    const value = {
      instanceofWebSocket: ws instanceof WebSocket,
      instanceofEventTarget: ws instanceof EventTarget,
      constructor: ws.constructor === WebSocket,
      protoConstructor: Object.getPrototypeOf(ws).constructor === WebSocket,
      proto: Object.getPrototypeOf(ws) === WebSocket.prototype,
      objectToString: Object.prototype.toString.call(ws),
      string: String(ws),
      hasInstance: WebSocket[Symbol.hasInstance](ws),
      sendIdentity: ws.send === WebSocket.prototype.send,
    };
    ws.close();
    return value;
  });
  await check('instance.reflectConstructNewTarget', () => {
    function Other() {}
    Other.prototype = Object.create(WebSocket.prototype);
    const ws = Reflect.construct(WebSocket, [echo('newtarget')], Other);
    const value = [Object.getPrototypeOf(ws) === Other.prototype, ws instanceof WebSocket, ws.url];
    ws.close();
    return value;
  });
  await check('instance.boundConstructor', () => {
    const Bound = WebSocket.bind(null, echo('bound'));
    const ws = new Bound();
    const value = [ws instanceof WebSocket, ws instanceof Bound, ws.url];
    ws.close();
    return value;
  });
  await check('instance.sendWhileConnecting', () => {
    const ws = new WebSocket(echo('connecting'));
    const value = [throwsOf(() => ws.send('x')), ws.bufferedAmount];
    ws.close();
    return value;
  });
  await check('instance.sendNoArguments', () => {
    const ws = new WebSocket(echo('noargs'));
    const value = throwsOf(() => ws.send());
    ws.close();
    return value;
  });
  await check('instance.closeArguments', () => {
    const ws = new WebSocket(echo('closeargs'));
    const reason124 = 'x'.repeat(124);
    const value = {
      code999: throwsOf(() => ws.close(999)),
      code1001: throwsOf(() => ws.close(1001)),
      code2999: throwsOf(() => ws.close(2999)),
      code5000: throwsOf(() => ws.close(5000)),
      codeNaN: throwsOf(() => ws.close(NaN)),
      codeString: throwsOf(() => ws.close('abc')),
      codeHuge: throwsOf(() => ws.close(65536 + 1000)),
      reasonWithoutCode: throwsOf(() => ws.close(undefined, 'why')),
      reason124: throwsOf(() => ws.close(1000, reason124)),
      // 41 × "€" is 123 UTF-8 bytes but 41 UTF-16 units; 42 is 126 bytes.
      reasonEuro41: throwsOf(() => new WebSocket(echo('euro41')).close(1000, '€'.repeat(41))),
      reasonEuro42: throwsOf(() => ws.close(1000, '€'.repeat(42))),
      // A lone surrogate becomes U+FFFD (3 bytes) under USVString conversion: 41 × 3 = 123.
      reasonLoneSurrogates41: throwsOf(() => new WebSocket(echo('lone41')).close(1000, '\ud800'.repeat(41))),
      reasonLoneSurrogates42: throwsOf(() => ws.close(1000, '\ud800'.repeat(42))),
      readyStateAfterErrors: ws.readyState,
    };
    ws.close(3000, 'ok');
    value.readyStateAfterClose = ws.readyState;
    value.secondClose = throwsOf(() => ws.close(4000));
    return value;
  });
  await check('instance.closeCodeValueOfCalledOnce', () => {
    let calls = 0;
    const ws = new WebSocket(echo('valueof'));
    ws.close({ valueOf: () => (calls++, 4000) }, 'r');
    return calls;
  });
  await check('instance.binaryType', () => {
    const ws = new WebSocket(echo('binarytype'));
    const seen = [ws.binaryType];
    for (const v of ['arraybuffer', 'ARRAYBUFFER', 'text', '', 'blob', 'arraybuffer', null, 7]) {
      try {
        ws.binaryType = v;
        seen.push(ws.binaryType);
      } catch (e) {
        seen.push(errorOf(e));
      }
    }
    ws.close();
    return seen;
  });
  await check('instance.handlerSemantics', () => {
    const ws = new WebSocket(echo('handlers'));
    const f = () => {};
    const g = () => {};
    const out = [];
    ws.onmessage = f;
    out.push(ws.onmessage === f);
    ws.onmessage = g;
    out.push(ws.onmessage === g);
    ws.onmessage = null;
    out.push(ws.onmessage);
    ws.onmessage = 'alert(1)';
    out.push(ws.onmessage);
    ws.onclose = 42;
    out.push(ws.onclose);
    ws.onerror = { handleEvent() {} };
    out.push(typeof ws.onerror);
    ws.onopen = undefined;
    out.push(ws.onopen);
    ws.onclose = f;
    ws.onclose = {};
    out.push(typeof ws.onclose);
    out.push(Object.prototype.hasOwnProperty.call(ws, 'onmessage'));
    ws.onclose = ws.onerror = null;
    ws.close();
    return out;
  });
  await check('instance.sameListenerTwice', () => {
    const ws = new WebSocket(echo('twice'));
    let calls = 0;
    const f = () => calls++;
    ws.addEventListener('custom', f);
    ws.addEventListener('custom', f);
    ws.dispatchEvent(new Event('custom'));
    ws.removeEventListener('custom', f);
    ws.dispatchEvent(new Event('custom'));
    ws.close();
    return calls;
  });
  await check('instance.addEventListenerReturnsUndefined', () => {
    const ws = new WebSocket(echo('ret'));
    const value = [ws.addEventListener('message', () => {}), ws.addEventListener('message', null), ws.addEventListener('custom', {})];
    ws.close();
    return value.map(String);
  });
  await check('instance.addEventListenerTypeToStringOnce', () => {
    const ws = new WebSocket(echo('typetostring'));
    let calls = 0;
    ws.addEventListener({ toString: () => (calls++, 'message') }, () => {});
    ws.close();
    return calls;
  });
  await check('instance.addEventListenerArgErrors', () => {
    const ws = new WebSocket(echo('argerrors'));
    const value = [throwsOf(() => ws.addEventListener()), throwsOf(() => ws.addEventListener('message'))];
    ws.close();
    return value;
  });
  // Untrusted events dispatched by the page itself: nobody but the page's listeners may notice.
  await check('instance.syntheticEvents', () => {
    const ws = new WebSocket(echo('synthetic'));
    const before = reported.length;
    const got = [];
    for (const type of ['open', 'message', 'error', 'close']) {
      ws.addEventListener(type, (e) => got.push([type, e.isTrusted, e.constructor.name]));
      ws.dispatchEvent(new Event(type));
    }
    ws.dispatchEvent(new MessageEvent('message', { data: 'fake' }));
    ws.dispatchEvent(new CloseEvent('close', { code: 4000 }));
    ws.close();
    return { got, reported: reported.slice(before) };
  });

  // --- subclassing -------------------------------------------------------------------
  await check('subclass.endToEnd', async () => {
    class Sub extends WebSocket {
      constructor(url) {
        super(url);
        this.extra = 'mine';
      }
      hello() {
        return 'hello ' + this.extra;
      }
    }
    const ws = new Sub(echo('subclass'));
    const value = {
      instanceofSub: ws instanceof Sub,
      instanceofWebSocket: ws instanceof WebSocket,
      protoIsSubProto: Object.getPrototypeOf(ws) === Sub.prototype,
      subProtoChain: Object.getPrototypeOf(Sub.prototype) === WebSocket.prototype,
      subParent: Object.getPrototypeOf(Sub) === WebSocket,
      constructorIsSub: ws.constructor === Sub,
      hello: ws.hello(),
      ownKeys: Object.keys(ws),
      toStringTag: Object.prototype.toString.call(ws),
    };
    await opened(ws);
    ws.send('sub');
    const m = await nextMessage(ws);
    value.echo = m.data;
    value.targetIsWs = m.target === ws;
    ws.close(1000);
    const c = await closed(ws);
    value.close = [c.code, c.wasClean];
    return value;
  });

  // --- a live socket: events, payloads -----------------------------------------------
  await check('live.events', async () => {
    const ws = new WebSocket(echo('events'), ['chat.v1', 'chat.v2']);
    const order = [];
    const seen = {};
    const note = (e) => {
      seen[e.type] = {
        isTrusted: e.isTrusted,
        ctor: e.constructor.name,
        targetIsWs: e.target === ws,
        currentTargetIsWs: e.currentTarget === ws,
        targetCtorIsWebSocket: e.target.constructor === WebSocket,
        srcElement: e.srcElement === ws,
        eventPhase: e.eventPhase,
        bubbles: e.bubbles,
        cancelable: e.cancelable,
        composed: e.composed,
        defaultPrevented: e.defaultPrevented,
        composedPathIsWs: e.composedPath().length === 1 && e.composedPath()[0] === ws,
      };
      if (e.type === 'message') {
        Object.assign(seen[e.type], {
          origin: e.origin,
          originIsWsOrigin: e.origin === wsOrigin,
          lastEventId: e.lastEventId,
          source: e.source,
          ports: e.ports.length,
          data: e.data,
        });
      }
      if (e.type === 'close') Object.assign(seen[e.type], { code: e.code, reason: e.reason, wasClean: e.wasClean });
    };
    ws.addEventListener('message', (e) => order.push('listener1:' + e.data));
    ws.onmessage = function (e) {
      order.push('onmessage:' + e.data + ':' + (this === ws));
      note(e);
    };
    ws.addEventListener('message', (e) => order.push('listener2:' + e.data));
    ws.addEventListener('open', note);
    ws.addEventListener('close', note);
    const states = [ws.readyState];
    await opened(ws);
    states.push(ws.readyState, ws.protocol, ws.extensions);
    ws.send('one');
    await nextMessage(ws);
    // Replacing the handler keeps its place; null removes it; setting again appends.
    ws.onmessage = (e) => order.push('replaced:' + e.data);
    ws.send('two');
    await nextMessage(ws);
    ws.onmessage = null;
    ws.onmessage = (e) => order.push('readded:' + e.data);
    ws.send('three');
    await nextMessage(ws);
    ws.close(4321, 'bye ✓');
    states.push(ws.readyState);
    await closed(ws);
    states.push(ws.readyState);
    return { order, seen, states };
  });
  await check('live.stopImmediatePropagation', async () => {
    const ws = new WebSocket(echo('stop'));
    const order = [];
    let done;
    const both = new Promise((resolve) => (done = resolve));
    ws.addEventListener('message', (e) => {
      order.push('first:' + e.data);
      e.stopImmediatePropagation();
      if (e.data === 'y') done();
    });
    ws.addEventListener('message', () => order.push('second'));
    ws.onmessage = () => order.push('handler');
    await opened(ws);
    ws.send('x');
    ws.send('y');
    await until(both, 'two echoes');
    ws.close();
    return order;
  });
  await check('live.binaryPayloads', async () => {
    const ws = new WebSocket(echo('binary'));
    await opened(ws);
    const out = {};
    ws.send(new Uint8Array([1, 2, 3, 250]));
    const blobMessage = await nextMessage(ws);
    out.defaultIsBlob = blobMessage.data instanceof Blob;
    out.blobType = blobMessage.data.type;
    out.blobBytes = Array.from(new Uint8Array(await blobMessage.data.arrayBuffer()));
    ws.binaryType = 'arraybuffer';
    ws.send(new Uint8Array([9, 8, 7]).buffer);
    const bufferMessage = await nextMessage(ws);
    out.isArrayBuffer = bufferMessage.data instanceof ArrayBuffer;
    out.bufferBytes = Array.from(new Uint8Array(bufferMessage.data));
    ws.send(new DataView(new Uint8Array([5, 6, 7, 8]).buffer, 1, 2));
    out.dataViewBytes = Array.from(new Uint8Array((await nextMessage(ws)).data));
    ws.send(new Blob(['blob!']));
    out.blobSentBytes = new TextDecoder().decode((await nextMessage(ws)).data);
    ws.send('text ✓ \ud83d\ude00');
    const text = await nextMessage(ws);
    out.text = [typeof text.data, text.data];
    ws.close();
    await closed(ws);
    return out;
  });
  // send() takes bytes by internal slots: a page's patched getters must never run.
  // A page that polluted Object.prototype with names a Proxy handler uses as traps (an old-style
  // `Object.prototype.get` helper): the hook's proxies must not take them as traps.
  await check('pollution.objectPrototypeTraps', async () => {
    const ran = [];
    const names = ['get', 'has', 'apply', 'construct', 'getOwnPropertyDescriptor', 'ownKeys', 'set'];
    // Assigned, not defined: with `get` on Object.prototype every later descriptor literal would be invalid.
    for (const name of names) {
      Object.prototype[name] = function () {
        ran.push(name);
        return undefined;
      };
    }
    const out = {};
    try {
      out.open = throwsOf(() => WebSocket.OPEN);
      out.inOpen = throwsOf(() => 'OPEN' in WebSocket);
      out.keys = throwsOf(() => Reflect.ownKeys(WebSocket).length);
      out.toString = throwsOf(() => Function.prototype.toString.call(WebSocket));
      out.sendToString = throwsOf(() => String(WebSocket.prototype.send));
      out.ctor = throwsOf(() => new WebSocket(echo('polluted')));
    } finally {
      for (const name of names) delete Object.prototype[name];
    }
    out.ran = ran;
    return out;
  });

  // An index getter on Array.prototype: reading an argument the page did not pass must not reach it.
  await check('pollution.arrayIndexGetters', async () => {
    // A string log: pushing onto an array would itself run the setters below.
    let hits = '';
    const indexes = ['0', '1', '2'];
    for (let k = 0; k < indexes.length; k++) {
      const i = indexes[k];
      Object.defineProperty(Array.prototype, i, { configurable: true, get() { hits += ' get' + i; return undefined; }, set() { hits += ' set' + i; } });
    }
    try {
      const ws = new WebSocket(echo('indexes'));
      try {
        ws.addEventListener('close');
      } catch (e) {
        hits += ' threw ' + e.name;
      }
      ws.onclose = null;
      ws.close();
    } finally {
      for (let k = 0; k < indexes.length; k++) delete Array.prototype[indexes[k]];
    }
    return hits;
  });

  // A same-origin popup: this window's toString prints the popup's WebSocket and send as natives.
  await check('popup.toString', async () => {
    const w = window.open('about:blank', '_blank', 'popup');
    if (!w) return 'blocked';
    try {
      return [fnToString(w.WebSocket), fnToString(w.WebSocket.prototype.send), w.Function.prototype.toString.call(WebSocket)];
    } finally {
      w.close();
    }
  });

  await check('live.sendReadsNoPatchedGetters', async () => {
    const ws = new WebSocket(echo('getters'));
    await opened(ws);
    const calls = [];
    const TypedArrayProto = Object.getPrototypeOf(Uint8Array.prototype);
    const patched = [];
    const patch = (proto, name) => {
      const d = Object.getOwnPropertyDescriptor(proto, name);
      patched.push([proto, name, d]);
      Object.defineProperty(proto, name, {
        configurable: true,
        get() {
          calls.push(name);
          return d.get.call(this);
        },
      });
    };
    patch(TypedArrayProto, 'buffer');
    patch(TypedArrayProto, 'byteOffset');
    patch(TypedArrayProto, 'byteLength');
    patch(DataView.prototype, 'buffer');
    patch(DataView.prototype, 'byteOffset');
    patch(DataView.prototype, 'byteLength');
    patch(ArrayBuffer.prototype, 'byteLength');
    patch(Blob.prototype, 'size');
    Object.defineProperty(ArrayBuffer, Symbol.hasInstance, { configurable: true, value: (v) => (calls.push('ArrayBuffer.hasInstance'), Function.prototype[Symbol.hasInstance].call(ArrayBuffer, v)) });
    Object.defineProperty(Blob, Symbol.hasInstance, { configurable: true, value: (v) => (calls.push('Blob.hasInstance'), Function.prototype[Symbol.hasInstance].call(Blob, v)) });
    try {
      ws.send(new Uint8Array([1, 2]));
      ws.send(new DataView(new ArrayBuffer(2)));
      ws.send(new ArrayBuffer(3));
      ws.send(new Blob(['abc']));
      ws.send('text');
    } finally {
      for (const [proto, name, d] of patched) Object.defineProperty(proto, name, d);
      delete ArrayBuffer[Symbol.hasInstance];
      delete Blob[Symbol.hasInstance];
    }
    ws.close();
    await closed(ws);
    return calls;
  });
  // Timer ids are sequential per window: a timer the hook starts would show as a gap.
  await check('live.timerIdsHaveNoGaps', async () => {
    const ws = new WebSocket(echo('timers'));
    await opened(ws);
    const ids = [setTimeout(() => {}, 0)];
    ws.send('tick');
    ids.push(setTimeout(() => {}, 0));
    await nextMessage(ws);
    ids.push(setTimeout(() => {}, 0));
    const other = new WebSocket(echo('timers2'));
    ids.push(setTimeout(() => {}, 0));
    other.close();
    ws.close(1000);
    ids.push(setTimeout(() => {}, 0));
    await closed(ws);
    ids.push(setTimeout(() => {}, 0));
    return ids.slice(1).map((id, i) => id - ids[i]);
  });
  // Built-ins a page may patch: recording a socket's life must never call them.
  await check('live.noPatchedBuiltinsCalled', async () => {
    const calls = [];
    const undo = [];
    const spyMethod = (owner, name, label) => {
      const original = owner[name];
      undo.push(() => (owner[name] = original));
      owner[name] = function (...args) {
        calls[calls.length] = label;
        return original.apply(this, args);
      };
    };
    const spyGetter = (owner, name, label) => {
      const d = Object.getOwnPropertyDescriptor(owner, name);
      undo.push(() => (d ? Object.defineProperty(owner, name, d) : delete owner[name]));
      Object.defineProperty(owner, name, {
        configurable: true,
        get() {
          calls[calls.length] = label;
          return d && d.get ? d.get.call(this) : undefined;
        },
      });
    };
    const TypedArrayProto = Object.getPrototypeOf(Uint8Array.prototype);
    const ws = new WebSocket(echo('builtins'));
    ws.binaryType = 'arraybuffer';
    await opened(ws);
    spyMethod(WeakMap.prototype, 'get', 'WeakMap.get');
    spyMethod(WeakMap.prototype, 'set', 'WeakMap.set');
    spyMethod(WeakMap.prototype, 'has', 'WeakMap.has');
    spyMethod(String.prototype, 'slice', 'String.slice');
    spyMethod(String.prototype, 'charCodeAt', 'String.charCodeAt');
    spyMethod(TypedArrayProto, 'subarray', 'TypedArray.subarray');
    spyGetter(TypedArrayProto, 'length', 'TypedArray.length');
    spyGetter(Object.prototype, 'toJSON', 'Object.toJSON');
    spyGetter(Array.prototype, 'toJSON', 'Array.toJSON');
    for (const key of ['bubbles', 'cancelable', 'composed', 'detail']) spyGetter(Object.prototype, key, 'Object.' + key);
    // A promise resolved with an object looks up its `then` (reading a Blob by a promise would).
    spyGetter(Object.prototype, 'then', 'Object.then');
    const waitMessages = (n) =>
      until(
        new Promise((resolve) => {
          let seen = 0;
          ws.onmessage = () => ++seen === n && resolve();
        }),
        'echoes',
      );
    let echoes;
    try {
      echoes = waitMessages(3);
      ws.send('text é');
      ws.send(new Uint8Array([1, 2, 3]));
      ws.send(new Blob(['blob']));
      ws.addEventListener('error', () => {});
      ws.onclose = () => {};
      await echoes;
      // The hook's batch goes out on a short timer: give it the same chance as ours.
      for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 20));
      ws.close(4000, 'done');
      await closed(ws);
      for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 20));
    } finally {
      for (const u of undo.reverse()) u();
    }
    return calls;
  });
  await check('live.sendAfterClose', async () => {
    const ws = new WebSocket(echo('afterclose'));
    await opened(ws);
    ws.close();
    const values = [ws.readyState, ws.bufferedAmount];
    values.push(throwsOf(() => ws.send('abcd')));
    values.push(ws.bufferedAmount);
    values.push(throwsOf(() => ws.send(new Uint8Array(10))));
    values.push(ws.bufferedAmount);
    values.push(throwsOf(() => ws.send(new Blob(['12345']))));
    values.push(ws.bufferedAmount);
    await closed(ws);
    values.push(throwsOf(() => ws.send('€')), ws.bufferedAmount, ws.readyState);
    return values;
  });
  await check('live.serverClose', async () => {
    const ws = new WebSocket(wsOrigin + '/close?code=4002&reason=server%20says&after=50');
    const events = [];
    ws.onerror = (e) => events.push('error:' + e.constructor.name);
    ws.onclose = (e) => events.push('close:' + e.code + ':' + e.reason + ':' + e.wasClean);
    await closed(ws);
    await new Promise((r) => setTimeout(r, 0));
    return events;
  });
  await check('live.failedConnection', async () => {
    // Port 9 (discard) on loopback: nothing listens, the connection fails.
    const ws = new WebSocket('ws://127.0.0.1:9/');
    const events = [];
    ws.onerror = (e) => events.push(['error', e.constructor.name, e.isTrusted]);
    ws.onclose = (e) => events.push(['close', e.code, e.reason, e.wasClean]);
    await closed(ws);
    await new Promise((r) => setTimeout(r, 0));
    return events;
  });

  // --- another realm: a fresh iframe's own WebSocket -----------------------------------
  const frame = document.createElement('iframe');
  document.body.appendChild(frame);
  const other = frame.contentWindow;
  // A socket made right away, before any content script could run in the new document.
  await check('iframe.immediate', async () => {
    const ws = new other.WebSocket(echo('iframe-immediate'));
    await opened(ws);
    ws.send('hi');
    const m = await nextMessage(ws);
    ws.close();
    return {
      echo: m.data,
      instanceofOther: ws instanceof other.WebSocket,
      instanceofTop: ws instanceof WebSocket,
      protoIsOther: Object.getPrototypeOf(ws) === other.WebSocket.prototype,
      ctor: ws.constructor === other.WebSocket,
      objectToString: Object.prototype.toString.call(ws),
      originIsWsOrigin: m.origin === wsOrigin,
      distinct: other.WebSocket !== WebSocket,
    };
  });
  // After its load event: by now the hook (if any) has had every chance to run there.
  await new Promise((r) => setTimeout(r, 200));
  await check('iframe.interface', () => ({
    name: other.WebSocket.name,
    length: other.WebSocket.length,
    ownSource: other.Function.prototype.toString.call(other.WebSocket),
    ownSend: other.Function.prototype.toString.call(other.WebSocket.prototype.send),
    descriptors: JSON.stringify(descriptorsOf(other.WebSocket.prototype)) === JSON.stringify(descriptorsOf(WebSocket.prototype)),
    protoChain: Object.getPrototypeOf(other.WebSocket) === other.EventTarget,
  }));
  await check('iframe.crossRealmToString', () => ({
    topOnFrame: fnToString(other.WebSocket),
    topOnFrameSend: fnToString(other.WebSocket.prototype.send),
    topOnFrameAddEventListener: fnToString(other.EventTarget.prototype.addEventListener),
    frameOnTop: other.Function.prototype.toString.call(WebSocket),
    frameOnTopSend: other.Function.prototype.toString.call(WebSocket.prototype.send),
    frameOnTopToString: other.Function.prototype.toString.call(Function.prototype.toString),
  }));
  await check('iframe.crossRealmConstruct', () => {
    const ws = Reflect.construct(other.WebSocket, [echo('cross')], WebSocket);
    const value = [Object.getPrototypeOf(ws) === WebSocket.prototype, ws instanceof WebSocket];
    ws.close();
    return value;
  });
  frame.remove();

  // --- what the browsers make impossible to hide (compared separately) ------------------
  await check('known:ctorErrorStackFrames', () => {
    try {
      new WebSocket('ftp://x');
      return null;
    } catch (e) {
      return String(e.stack).split('\n').length;
    }
  });
  await check('known:ctorErrorStackMentionsExtension', () => {
    try {
      new WebSocket('ftp://x');
      return null;
    } catch (e) {
      return /extension:\/\//.test(String(e.stack));
    }
  });
  await check('known:sendErrorStackMentionsExtension', () => {
    const ws = new WebSocket(echo('stack'));
    try {
      ws.send('x');
      return null;
    } catch (e) {
      return /extension:\/\//.test(String(e.stack));
    } finally {
      ws.close();
    }
  });

  // Everything the page saw reported while the checks ran (hook errors would land here).
  await new Promise((r) => setTimeout(r, 50));
  results['window.reportedErrors'] = reported.slice();
  window.removeEventListener('error', onError);
  window.removeEventListener('unhandledrejection', onRejection);
  return results;
}
