import type { PanelActions } from '../link';
import type { Store } from '../store';
import { ConnectionTable } from './ConnectionTable';
import { MessageList } from './MessageList';
import { Toolbar } from './Toolbar';

export function App({ store, actions }: { store: Store; actions: PanelActions }) {
  const selected = store.selected.value;
  return (
    <div class="app">
      <Toolbar store={store} actions={actions} />
      <main class="split">
        <ConnectionTable store={store} />
        {selected ? (
          <MessageList connection={selected} revision={store.revision.value} />
        ) : (
          store.connections.value.length > 0 && (
            <div class="empty" role="status">
              Select a connection to see its frames.
            </div>
          )
        )}
      </main>
    </div>
  );
}
