/**
 * Durable copy of each tab's session, so a background worker stopped by the browser
 * loses nothing: an append-only log of session events per tab in IndexedDB, compacted
 * into a snapshot when it grows (storage.session holds only 10 MB; sessions hold more).
 */
import type { Session } from '../shared/model';
import type { Origin, SessionEvent, TabStatus } from '../shared/protocol';

const DB_NAME = 'ws-triage';
const DB_VERSION = 1;
const LOG = 'log';
const TABS = 'tabs';

export interface TabRecord {
  tabId: number;
  status: TabStatus;
  /** Last batch sequence number stored, per document. */
  seqs: Record<string, number>;
  topDoc: string | null;
}

/** One document's hooked events as the bridge sent them: chunks (src/shared/wire.ts), stored as they came. */
export interface HookLog {
  origin: Origin;
  chunks: string[];
}

/** A logged batch: the JSON text of a SessionEvent[], or a document's hooked events. */
export type LogItem = string | HookLog;

export interface LogRecord {
  tabId: number;
  events?: SessionEvent[];
  batches?: LogItem[];
  snapshot?: Session;
}

let dbPromise: Promise<IDBDatabase> | undefined;

function open(): Promise<IDBDatabase> {
  dbPromise ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      const log = db.createObjectStore(LOG, { autoIncrement: true });
      log.createIndex('tab', 'tabId');
      db.createObjectStore(TABS, { keyPath: 'tabId' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return dbPromise;
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

function result<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

export async function loadTab(tabId: number): Promise<{ record: TabRecord | undefined; log: LogRecord[] }> {
  const db = await open();
  const tx = db.transaction([TABS, LOG], 'readonly');
  const record = result(tx.objectStore(TABS).get(tabId) as IDBRequest<TabRecord | undefined>);
  const log = result(tx.objectStore(LOG).index('tab').getAll(tabId) as IDBRequest<LogRecord[]>);
  return { record: await record, log: await log };
}

export async function appendLog(record: TabRecord, batches: LogItem[]): Promise<void> {
  const db = await open();
  const tx = db.transaction([TABS, LOG], 'readwrite');
  tx.objectStore(TABS).put(record);
  if (batches.length > 0) tx.objectStore(LOG).add({ tabId: record.tabId, batches } satisfies LogRecord);
  await done(tx);
}

/** Replaces a tab's whole log with one snapshot of its session. */
export async function writeSnapshot(record: TabRecord, snapshot: Session): Promise<void> {
  const db = await open();
  const tx = db.transaction([TABS, LOG], 'readwrite');
  tx.objectStore(TABS).put(record);
  const log = tx.objectStore(LOG);
  const keys = await result(log.index('tab').getAllKeys(record.tabId));
  for (const key of keys) log.delete(key);
  log.add({ tabId: record.tabId, snapshot } satisfies LogRecord);
  await done(tx);
}

export async function deleteTab(tabId: number): Promise<void> {
  const db = await open();
  const tx = db.transaction([TABS, LOG], 'readwrite');
  tx.objectStore(TABS).delete(tabId);
  const log = tx.objectStore(LOG);
  const keys = await result(log.index('tab').getAllKeys(tabId));
  for (const key of keys) log.delete(key);
  await done(tx);
}

export async function deleteAll(): Promise<void> {
  const db = await open();
  const tx = db.transaction([TABS, LOG], 'readwrite');
  tx.objectStore(TABS).clear();
  tx.objectStore(LOG).clear();
  await done(tx);
}
