// Entry point: loads the translations, then renders the app into #root.
import './styles.css';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './app.js';
import { initI18n } from './i18n.js';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');

await initI18n();
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
