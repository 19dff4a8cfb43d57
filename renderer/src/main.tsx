import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { getSakshyaApi } from './api/client';
import { ErrorBoundary } from './components/ErrorBoundary';
import { createI18n } from './i18n';
import './styles.css';
import './screens.css';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root');

createRoot(container).render(
  <StrictMode>
    <ErrorBoundary>
      <App api={getSakshyaApi()} i18n={createI18n('en')} />
    </ErrorBoundary>
  </StrictMode>,
);
