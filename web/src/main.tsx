// Entry point: loads the translations, then renders the app with its providers (theme, server state, router) into #root.
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './styles.css';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './app.js';
import { initI18n } from './i18n.js';
import { Providers } from './providers.js';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');

await initI18n();
createRoot(container).render(
  <StrictMode>
    <Providers>
      <App />
    </Providers>
  </StrictMode>,
);
