import type { PanelActions } from '../link';
import type { Store } from '../store';
import { findingsOf } from '../findings-store';
import { ConnectionDetail } from './ConnectionDetail';
import { ConnectionTable } from './ConnectionTable';
import { Findings } from './Findings';
import { MessageList } from './MessageList';
import { Notices, Toolbar } from './Toolbar';
import { SplitPane } from './SplitPane';
import { Timeline } from './Timeline';
import { useSignal } from '@preact/signals';
import { ImportStatus, dropTarget } from './SessionIO';
import { ViewTabs } from './ViewTabs';

export function App({ store, actions }: { store: Store; actions: PanelActions }) {
  const selected = store.selected.value;
  const dragging = useSignal(false);
  return (
    <div class={dragging.value ? 'app dragging' : 'app'} {...dropTarget(store, dragging)}>
      <Toolbar store={store} actions={actions} />
      <Notices store={store} actions={actions} />
      <ImportStatus store={store} />
      <ViewTabs store={store} />
      <Findings store={store} />
      <Timeline store={store} />
      <main class="split" aria-label="Connections and frames">
        {store.connections.value.length === 0 ? (
          <ConnectionTable store={store} actions={actions} />
        ) : (
        <SplitPane
          storageKey="ws-triage:split:connections"
          direction="vertical"
          label="Resize the connections table"
          initial={0.4}
          fitFirst
          first={<ConnectionTable store={store} actions={actions} />}
          second={
            selected ? (
              <div class="detail-pane">
                <ConnectionDetail
                  store={store}
                  connection={selected}
                  diagnosis={findingsOf(store).diagnoses.value.get(selected.id)}
                  messages={<MessageList store={store} connection={selected} revision={store.revision.value} />}
                />
              </div>
            ) : (
              store.connections.value.length > 0 && (
                <div class="empty" role="status">
                  Select a connection to see its frames (click a row, or use the arrow keys in the table).
                </div>
              )
            )
          }
        />
        )}
      </main>
    </div>
  );
}
