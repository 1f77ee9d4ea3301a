import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Shared tokens and the page layout first, so each feature's own stylesheet (imported by its component) refines them.
import './styles/base.css';
import './styles/layout.css';
import { App } from './app.tsx';
import { SessionProvider } from './features/auth/session.tsx';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SessionProvider>
      <App />
    </SessionProvider>
  </StrictMode>,
);
