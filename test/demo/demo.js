// Small helpers shared by the demo pages. Server data only ever reaches the page
// through textContent.
'use strict';

/** A ws:// (or wss://) URL on the server that served this page. */
function wsUrl(path) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${path}`;
}

/** A logger that appends rows to the <ul class="log"> with the given id. */
function createLog(id) {
  const list = document.getElementById(id);
  return function log(kind, text) {
    const li = document.createElement('li');
    li.className = kind;
    const time = document.createElement('time');
    time.textContent = new Date().toLocaleTimeString('en-GB', { hour12: false });
    const label = document.createElement('span');
    label.className = 'kind';
    label.textContent = kind;
    const body = document.createElement('span');
    body.textContent = text;
    li.append(time, label, body);
    list.append(li);
    list.scrollTop = list.scrollHeight;
  };
}

/** Shows a socket's state in the element with the given id. */
function setStatus(id, state, text) {
  const el = document.getElementById(id);
  el.dataset.state = state;
  el.textContent = text;
}

/** "1006" → "1006 (abnormal closure)" for the codes these demos produce. */
function describeClose(event) {
  const names = { 1000: 'normal closure', 1006: 'abnormal closure, no close frame', 1011: 'internal error' };
  const name = names[event.code] ? ` (${names[event.code]})` : '';
  const reason = event.reason ? ` reason "${event.reason}"` : '';
  return `code ${event.code}${name}${reason}, wasClean ${event.wasClean}`;
}

// The pages' inline scripts use these as globals.
Object.assign(window, { wsUrl, createLog, setStatus, describeClose });
