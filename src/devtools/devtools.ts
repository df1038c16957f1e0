import browser from 'webextension-polyfill';

// Absolute paths: Firefox resolves relative ones against this devtools page.
void browser.devtools.panels.create('WS Triage', '/icons/icon-32.png', '/src/panel/index.html');
