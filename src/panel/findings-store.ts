/**
 * Findings for what the panel shows, derived (never stored) from the store: the shown
 * session, its revision and a slow clock. An imported file shows its own findings, which
 * were computed before redaction and cannot be recomputed from the redacted session.
 */
import type { ReadonlySignal } from '@preact/signals';
import { computed } from '@preact/signals';
import type { FindingSummary, Severity } from '../diagnostics';
import { connectionDiagnoses, diagnose } from '../diagnostics';
import type { Connection } from '../shared/model';
import type { Store } from './store';

/** A finding as the panel lists it: from `diagnose`, or read back from a session file. */
export interface ShownFinding extends FindingSummary {
  detail: string;
  time?: number;
}

export interface RowDiagnosis {
  text: string;
  severity: Severity;
  finding: ShownFinding;
}

export interface FindingsState {
  /** Every finding, errors first, then warnings, then info. */
  findings: ReadonlySignal<ShownFinding[]>;
  /** Each connection's one-line diagnosis (only connections with a warning or error). */
  diagnoses: ReadonlySignal<Map<string, RowDiagnosis>>;
  /** Connections of the shown session by id, for labelling a finding's connections. */
  byId: ReadonlySignal<Map<string, Connection>>;
}

/** Findings of a live session change with the clock too (a token expiring while connected); 5 s is fine-grained enough. */
const CLOCK_STEP_MS = 5_000;

const states = new WeakMap<Store, FindingsState>();

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** The findings of a store, created once per store. */
export function findingsOf(store: Store): FindingsState {
  const existing = states.get(store);
  if (existing) return existing;
  const clock = computed(() => Math.floor(store.now.value / CLOCK_STEP_MS) * CLOCK_STEP_MS);
  const findings = computed<ShownFinding[]>(() => {
    const view = store.view.value;
    if (view.kind === 'imported') {
      // A file's findings are listed as written; sort defensively (stable) in case a tool wrote them unsorted.
      if (view.imported.findings.length > 0) {
        return [...view.imported.findings].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
      }
      // A HAR, or a file written without findings: computed here, as Export and Copy summary do.
      if (view.session.connections.length === 0) return [];
      return diagnose(view.session);
    }
    void store.revision.value;
    const session = view.session;
    if (session.connections.length === 0) return [];
    // A live tab: "now" is the clock, so a token that expires while a socket is open is noticed.
    return diagnose(session, Math.max(clock.value, session.startedAt));
  });
  const diagnoses = computed(() => connectionDiagnoses(findings.value));
  const byId = computed(() => new Map(store.connections.value.map((c) => [c.id, c])));
  const state: FindingsState = { findings, diagnoses, byId };
  states.set(store, state);
  return state;
}
