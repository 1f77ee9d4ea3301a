/**
 * Parts of the desk that its opening view does not show (dialogs, the drawing panel, the ledger table) are loaded when
 * first opened, so the script the desk compiles before its map appears is smaller; once the map is drawn, they are
 * fetched in idle time (`preloadParts`), so opening one later does not wait on the network.
 */
import { Component, lazy, Suspense, useState, type ComponentType, type ReactNode } from 'react';

const loaders: Array<() => Promise<unknown>> = [];

/** A component from a module loaded on first render; a failed load says so in place and can be tried again. */
export function lazyPart<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loading: Promise<ComponentType<P>> | null = null;
  let loaded = false;
  const get = () =>
    (loading ??= load().then(
      (component) => {
        loaded = true;
        return component;
      },
      (error: unknown) => {
        loading = null;
        throw error;
      },
    ));
  loaders.push(get);
  // React.lazy keeps a failure for the page's life: a retry needs a new one.
  const make = () => lazy(async () => ({ default: await get() }));
  let Lazy = make();
  function Part(props: P) {
    const [attempt, setAttempt] = useState(0);
    const retry = () => {
      Lazy = make();
      setAttempt((n) => n + 1);
    };
    return (
      <PartBoundary key={attempt} onRetry={retry} loaded={() => loaded}>
        <Suspense fallback={<p className="part-loading" role="status">正在载入…</p>}>
          <Lazy {...props} />
        </Suspense>
      </PartBoundary>
    );
  }
  return Part;
}

/** Loads every part in idle time, once the desk's first view is drawn. */
export function preloadParts(): void {
  const run = () => {
    for (const load of loaders) load().catch(() => undefined);
  };
  if ('requestIdleCallback' in window) window.requestIdleCallback(run, { timeout: 5000 });
  else setTimeout(run, 500);
}

/**
 * A part that could not be loaded (the network away) says so in place, and does not take the page down. An error of a
 * part that did load is not a network matter: it goes on up, as it did before parts were loaded on demand.
 */
class PartBoundary extends Component<{ children: ReactNode; onRetry: () => void; loaded: () => boolean }, { error: unknown }> {
  override state: { error: unknown } = { error: null };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  override render() {
    if (this.state.error !== null && this.props.loaded()) throw this.state.error;
    return this.state.error !== null ? (
      <p className="part-loading part-loading--failed" role="alert">
        载入失败，请检查网络。
        <button type="button" className="button" onClick={this.props.onRetry}>
          重试
        </button>
      </p>
    ) : (
      this.props.children
    );
  }
}
