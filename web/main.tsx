import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
// Shared tokens and the page layout first, so each feature's own stylesheet (imported by its component) refines them.
import './styles/base.css';
import './styles/layout.css';
import { paceCssVariables } from '../core/palette/pace.ts';
import { App } from './app.tsx';
import { SessionProvider } from './features/auth/session.tsx';

// The field app (/field) is its own page for phones, loaded only there.
const FieldApp = lazy(() => import('./features/field/field-app.tsx'));

// The wall is its own page with deck.gl: loaded only by those who open it.
const WallApp = lazy(() => import('./features/wall/wall-app.tsx'));

// The printable daily digest of warnings.
const DigestPage = lazy(() => import('./features/warnings/digest-page.tsx'));

function Page() {
  if (window.location.pathname.startsWith('/wall')) {
    return (
      <Suspense fallback={<p className="wall-loading">正在加载挂图…</p>}>
        <WallApp />
      </Suspense>
    );
  }
  if (window.location.pathname === '/field' || window.location.pathname.startsWith('/field/')) {
    return (
      <Suspense fallback={null}>
        <FieldApp />
      </Suspense>
    );
  }
  if (window.location.pathname === '/digest') {
    return (
      <Suspense fallback={null}>
        <DigestPage />
      </Suspense>
    );
  }
  return <App />;
}

// The pace colours for every stylesheet (--pace-*), from the one pace palette; the wall sets its dark variant on itself.
for (const [name, value] of Object.entries(paceCssVariables())) document.documentElement.style.setProperty(name, value);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SessionProvider>
      <Page />
    </SessionProvider>
  </StrictMode>,
);
