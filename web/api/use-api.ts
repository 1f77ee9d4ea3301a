import { useEffect, useRef, useState } from 'react';
import { getJson } from './client.ts';

/** A server answer as the UI sees it: still loading (keeping the last answer to show meanwhile), ready, or failed. */
export type Remote<T> =
  | { state: 'loading'; stale: T | null }
  | { state: 'ready'; data: T }
  | { state: 'error'; message: string };

/** Latest data of a remote value, including the stale one shown while a new one loads. */
export function dataOf<T>(remote: Remote<T>): T | null {
  switch (remote.state) {
    case 'ready':
      return remote.data;
    case 'loading':
      return remote.stale;
    case 'error':
      return null;
  }
}

/**
 * Fetches `url` whenever it changes (null: nothing to fetch), aborting the request it replaces. While the next
 * answer loads, the last one stays available as `stale`, but only within the same `group` (e.g. the same
 * campaign): an old campaign's figures must never be shown as if they were the new one's.
 */
export function useApi<T>(url: string | null, group: string | number | null = null): Remote<T> {
  const [remote, setRemote] = useState<Remote<T>>({ state: 'loading', stale: null });
  const lastGroup = useRef(group);
  useEffect(() => {
    if (url === null) return;
    const controller = new AbortController();
    const sameGroup = lastGroup.current === group;
    lastGroup.current = group;
    setRemote((previous) => ({ state: 'loading', stale: sameGroup ? dataOf(previous) : null }));
    getJson<T>(url, controller.signal).then(
      (data) => setRemote({ state: 'ready', data }),
      (error: unknown) => {
        if (!controller.signal.aborted) setRemote({ state: 'error', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => controller.abort();
  }, [url, group]);
  return remote;
}
