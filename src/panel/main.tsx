import { render } from 'preact';
import { App } from './components/App';
import { connectPanel, resolveTabId } from './link';
import { createStore } from './store';
import './panel.css';

const store = createStore(resolveTabId(location.search));
const actions = connectPanel(store);
// Durations of open connections keep counting.
setInterval(() => (store.now.value = Date.now()), 1000);
render(<App store={store} actions={actions} />, document.getElementById('app')!);
