/**
 * Reads and parses a file for the panel off its main thread: a 100 MB session file
 * takes a while to parse and validate, and the panel must stay responsive meanwhile.
 * The frames go back in slices, each its own message, then the session without them:
 * the panel deserializes one slice per task instead of the whole session in one (a
 * 1,000,000-frame file held its main thread for 1.5 s and more in one message).
 */
import { SessionFileError, importFile } from '../session';
import type { WorkerReply } from './io';

/** Frames per message: about 15 ms of deserializing on the panel's thread. */
const FRAMES_PER_MESSAGE = 10_000;

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
      const result = importFile(text, file.name);
      const connections = result.session.connections;
      connections.forEach((c, connection) => {
        for (let at = 0; at < c.frames.length; at += FRAMES_PER_MESSAGE) {
          scope.postMessage({ type: 'frames', connection, frames: c.frames.slice(at, at + FRAMES_PER_MESSAGE) });
        }
      });
      const session = { ...result.session, connections: connections.map((c) => ({ ...c, frames: [] })) };
      scope.postMessage({ type: 'done', result: { ...result, session } });
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
