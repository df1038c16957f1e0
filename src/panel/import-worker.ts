/**
 * Reads and parses a file for the panel off its main thread: a 100 MB session file
 * takes a while to parse and validate, and the panel must stay responsive meanwhile.
 */
import { SessionFileError, importFile } from '../session';
import type { WorkerReply } from './io';

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<{ file: File }>) => void) | null;
  postMessage(message: WorkerReply): void;
};

scope.onmessage = (e) => {
  void (async () => {
    const file = e.data.file;
    try {
      const text = await file.text();
      scope.postMessage({ type: 'parsing' });
      scope.postMessage({ type: 'done', result: importFile(text, file.name) });
    } catch (err) {
      if (err instanceof SessionFileError) {
        const reply: WorkerReply = { type: 'error', code: err.code, message: err.message };
        if (err.path !== undefined) reply.path = err.path;
        scope.postMessage(reply);
      } else {
        scope.postMessage({ type: 'error', code: null, message: err instanceof Error ? err.message : String(err) });
      }
    }
  })();
};
