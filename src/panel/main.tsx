import { render } from 'preact';
import { App } from './components/App';
import { installShortcuts } from './keyboard';
import { connectPanel, inspectedTabId } from './link';
import { createStore, tabToShow } from './store';
import { initTheme } from './theme';
import './panel.css';

initTheme();
const store = createStore(tabToShow(inspectedTabId(), location.search));
const actions = connectPanel(store);
installShortcuts(document, {
  // `/` and Ctrl+F from the Handshake or Close tab open Messages, where the frame filter is.
  showFilter: () => {
    if (!store.selected.value) return false;
    store.detailTab.value = 'messages';
    return true;
  },
});
// Durations of open connections keep counting.
setInterval(() => (store.now.value = Date.now()), 1000);
render(<App store={store} actions={actions} />, document.getElementById('app')!);
