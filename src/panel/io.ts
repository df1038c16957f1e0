/**
 * The panel's file and clipboard plumbing: exports (an ordinary download through a Blob
 * URL and an `<a download>` click, so no permission and no save dialog), the summary to
 * the clipboard, and imports (read and parsed in a Web Worker so a 100 MB file does not
 * freeze the panel).
 */
import browser from 'webextension-polyfill';
import { diagnose } from '../diagnostics';
import type { ExportedFinding, ImportedSession, SessionFileErrorCode } from '../session';
import {
  MAX_IMPORT_BYTES,
  SessionFileError,
  exportHar,
  exportSession,
  harFileName,
  importFile,
  sessionFileName,
  sessionSummaryMarkdown,
} from '../session';
import type { Frame, Session } from '../shared/model';
import type { Store } from './store';
import { addImport } from './store';

/** Starts a download of `text` named `fileName` from this page. */
export function downloadText(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has its own reference once started; give slow machines time anyway.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Copies text; DevTools panels are often denied the async clipboard, so fall back to execCommand. */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // fall through
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.top = '-1000px';
  area.style.opacity = '0';
  document.body.appendChild(area);
  const previous = document.activeElement as HTMLElement | null;
  area.select();
  const ok = (() => {
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    } finally {
      area.remove();
      previous?.focus?.();
    }
  })();
  if (!ok) throw new Error('The browser refused to copy.');
}

function toolVersion(): string {
  try {
    return browser.runtime.getManifest().version;
  } catch {
    return '0.0.0';
  }
}

interface Shown {
  session: Session;
  findings: readonly ExportedFinding[];
  /** Whether secrets may be written: never for a file that was redacted when it was made. */
  includeSecrets: boolean;
}

/**
 * The shown session with its findings, computed on the unredacted data (the exporter
 * redacts them with the rest). An imported file brings its own findings, if it has any.
 */
function shown(store: Store, now: Date): Shown {
  const view = store.view.value;
  const includeSecrets = store.includeSecrets.value;
  if (view.kind === 'live') {
    return { session: view.session, findings: diagnose(view.session, now.getTime()), includeSecrets };
  }
  const imported = view.imported;
  const findings = imported.findings.length > 0 ? imported.findings : diagnose(view.session, now.getTime());
  return { session: view.session, findings, includeSecrets: includeSecrets && !imported.meta.redacted };
}

export function exportSessionFile(store: Store): string {
  const now = new Date();
  const s = shown(store, now);
  const file = exportSession(s.session, s.findings, { includeSecrets: s.includeSecrets, toolVersion: toolVersion(), now });
  const name = sessionFileName(s.session.page.url, now);
  downloadText(JSON.stringify(file, null, 2), name, 'application/json');
  return name;
}

export function exportHarFile(store: Store): string {
  const now = new Date();
  const s = shown(store, now);
  const har = exportHar(s.session, { includeSecrets: s.includeSecrets, toolVersion: toolVersion(), now });
  const name = harFileName(s.session.page.url, now);
  downloadText(JSON.stringify(har, null, 2), name, 'application/octet-stream');
  return name;
}

export function summaryText(store: Store): string {
  const s = shown(store, new Date());
  return sessionSummaryMarkdown(s.session, s.findings, { includeSecrets: s.includeSecrets });
}

/**
 * What the import worker posts back: `frames` slices of connection number `connection`, in
 * order, then `done` with the session whose connections' frames are the slices joined.
 */
export type WorkerReply =
  | { type: 'parsing' }
  | { type: 'frames'; connection: number; frames: Frame[] }
  | { type: 'done'; result: ImportedSession }
  | { type: 'error'; code: SessionFileErrorCode | null; message: string; path?: string };

function sizeText(n: number): string {
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** Reads and parses one file off the main thread (on it, if workers are unavailable). */
export async function readImport(file: File, onStage: (stage: 'reading' | 'parsing') => void): Promise<ImportedSession> {
  if (file.size > MAX_IMPORT_BYTES) {
    throw new SessionFileError(
      'too-large',
      `The file is ${sizeText(file.size)}, over the ${sizeText(MAX_IMPORT_BYTES)} import limit.`,
    );
  }
  onStage('reading');
  let worker: Worker | null;
  try {
    worker = new Worker(new URL('./import-worker.ts', import.meta.url), { type: 'module' });
  } catch {
    worker = null;
  }
  if (!worker) {
    const text = await file.text();
    onStage('parsing');
    // Let the progress indicator paint before the parse takes the thread.
    await new Promise((r) => setTimeout(r, 0));
    return importFile(text, file.name);
  }
  const w = worker;
  try {
    return await new Promise<ImportedSession>((resolve, reject) => {
      const slices: Frame[][][] = [];
      w.onmessage = (e: MessageEvent<WorkerReply>) => {
        const m = e.data;
        if (m.type === 'parsing') {
          onStage('parsing');
        } else if (m.type === 'frames') {
          (slices[m.connection] ??= []).push(m.frames);
        } else if (m.type === 'done') {
          m.result.session.connections.forEach((c, i) => (c.frames = (slices[i] ?? []).flat()));
          resolve(m.result);
        } else {
          reject(m.code ? new SessionFileError(m.code, m.message, m.path) : new Error(m.message));
        }
      };
      w.onerror = (e) => {
        e.preventDefault();
        reject(new Error(e.message || 'The import worker failed.'));
      };
      w.postMessage({ file });
    });
  } finally {
    w.terminate();
  }
}

/** A sentence naming the file and the problem, with its place in the file when known. */
export function importErrorText(fileName: string, e: unknown): string {
  if (e instanceof SessionFileError) {
    const where = e.path && !e.message.includes(e.path) ? ` (at ${e.path})` : '';
    return `Could not open ${fileName}: ${e.message}${where}`;
  }
  return `Could not open ${fileName}: ${e instanceof Error ? e.message : String(e)}`;
}

/** Files waiting for the import under way (dropped or chosen while it runs), per panel. */
const waiting = new WeakMap<Store, File[]>();

/**
 * Imports files one after the other; each good one becomes a read-only view, a bad one an error
 * line naming it (the files after it are still read). Files given while an import runs wait their turn.
 */
export async function importFiles(store: Store, files: readonly File[]): Promise<void> {
  const queue = waiting.get(store);
  if (queue) {
    queue.push(...files);
    return;
  }
  const pending = [...files];
  waiting.set(store, pending);
  const errors: string[] = [];
  store.importError.value = null;
  try {
    for (let file = pending.shift(); file; file = pending.shift()) {
      const name = file.name;
      store.importing.value = { fileName: name, stage: 'reading' };
      try {
        addImport(store, await readImport(file, (stage) => (store.importing.value = { fileName: name, stage })));
      } catch (e) {
        errors.push(importErrorText(name, e));
        store.importError.value = errors.join('\n');
      }
    }
  } finally {
    store.importing.value = null;
    waiting.delete(store);
  }
}
