import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findingsOf } from '../../../src/panel/findings-store';
import { addImport, createStore } from '../../../src/panel/store';
import { importFile } from '../../../src/session';

describe('the findings of an imported file', () => {
  it('are computed for a HAR (which holds none), as Export and Copy summary compute them', () => {
    const store = createStore(null);
    addImport(store, importFile(readFileSync('test/fixtures/har/chrome.har', 'utf8'), 'chrome.har'));
    const ids = findingsOf(store).findings.value.map((f) => f.id);
    expect(ids).toContain('handshake-failed');
    // And every connection they name gets its one-line diagnosis.
    expect(findingsOf(store).diagnoses.value.size).toBeGreaterThan(0);
  });

  it("are a session file's own when it has some (as computed when saved)", () => {
    const store = createStore(null);
    const imported = importFile(readFileSync('test/fixtures/har/chrome.har', 'utf8'), 'chrome.har');
    const own = { ...imported, findings: [{ id: 'close-code', severity: 'info' as const, title: 'As saved', detail: '', connectionIds: [], frames: [], time: 0 }] };
    addImport(store, own as typeof imported);
    expect(findingsOf(store).findings.value.map((f) => f.title)).toEqual(['As saved']);
  });
});
