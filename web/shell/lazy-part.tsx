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
      <PartBoundary key={attempt} retried={attempt > 0} onRetry={retry} onClose={closeOf(props)} loaded={() => loaded}>
        <Suspense fallback={<p className="part-loading" role="status">正在载入…</p>}>
          <Lazy {...props} />
        </Suspense>
      </PartBoundary>
    );
  }
  return Part;
}

/**
 * How the part's owner closes it: every part is a dialog or a panel and takes onClose or onCancel. A failed part offers
 * it beside 重试, so a person who cannot load it now is not stuck with the notice.
 */
function closeOf(props: object): (() => void) | null {
  const { onClose, onCancel } = props as { onClose?: unknown; onCancel?: unknown };
  const close = onClose ?? onCancel;
  return typeof close === 'function' ? () => (close as () => void)() : null;
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
 * A part that could not be loaded (the network away) says so in place, and does not take the page down: 重试, 关闭,
 * and after a failed retry 重新载入页面 (a browser that keeps the failed module fails every retry of it until a
 * reload). An error of a part that did load is not a network matter: it goes on up, as it did before parts were loaded
 * on demand.
 */
interface PartBoundaryProps {
  children: ReactNode;
  /** Tried again already: a browser may keep a failed module for the page's life (Chromium 150 does), so offer a reload. */
  retried: boolean;
  onRetry: () => void;
  onClose: (() => void) | null;
  loaded: () => boolean;
}

class PartBoundary extends Component<PartBoundaryProps, { error: unknown }> {
  override state: { error: unknown } = { error: null };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  override render() {
    if (this.state.error !== null && this.props.loaded()) throw this.state.error;
    return this.state.error !== null ? (
      <p className="part-loading part-loading--failed" role="alert">
        {this.props.retried ? '仍无法载入。请确认网络已恢复后重新载入页面（地图位置、筛选与所选地块保留在地址中）。' : '载入失败，请检查网络。'}
        <button type="button" className="button" onClick={this.props.onRetry}>
          重试
        </button>
        {this.props.retried && (
          <button type="button" className="button" onClick={() => window.location.reload()}>
            重新载入页面
          </button>
        )}
        {this.props.onClose && (
          <button type="button" className="button button--quiet" onClick={this.props.onClose}>
            关闭
          </button>
        )}
      </p>
    ) : (
      this.props.children
    );
  }
}
