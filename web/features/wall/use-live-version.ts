import { useEffect, useState } from 'react';

/** Heartbeats come every 10 s (server/events/routes.ts PING_MS); missing about three means the server is gone. */
const SILENCE_MS = 32_000;
const WATCH_MS = 4_000;

export interface Live {
  /** The server's data version: figures are refetched whenever it moves on. */
  version: number | null;
  connected: boolean;
  /** Counts reconnections: figures that failed to load while the server was away are fetched again on return. */
  epoch: number;
  /** Since when (ISO) the server has said its database is away; null while it answers. */
  databaseDownSince: string | null;
}

/**
 * The server's data version from GET /api/events, and whether the wall can hear the server. EventSource reconnects
 * by itself after an error; a watchdog also reopens it after a silence, since a dead network does not always raise
 * one (a sleeping switch, a proxy holding the socket).
 */
export function useLiveVersion(): Live {
  const [live, setLive] = useState<Live>({ version: null, connected: navigator.onLine, epoch: 0, databaseDownSince: null });
  useEffect(() => {
    let source: EventSource;
    let lastHeard = Date.now();
    const heard = (event: MessageEvent<string>) => {
      lastHeard = Date.now();
      // null while the server's database is away and it has not read a version yet: the server is heard all the same.
      const { dataVersion } = JSON.parse(event.data) as { dataVersion: number | null };
      setLive((previous) => {
        const version = dataVersion ?? previous.version;
        return previous.version === version && previous.connected
          ? previous
          : { ...previous, version, connected: true, epoch: previous.connected ? previous.epoch : previous.epoch + 1 };
      });
    };
    // The database going away and coming back (server/events/routes.ts): back counts as a reconnection, so figures
    // that failed meanwhile are fetched again even if the data version did not move.
    const database = (event: MessageEvent<string>) => {
      lastHeard = Date.now();
      const { state, since } = JSON.parse(event.data) as { state: 'up' | 'down'; since: string };
      setLive((previous) =>
        state === 'down' ? { ...previous, databaseDownSince: since } : { ...previous, databaseDownSince: null, epoch: previous.epoch + 1 },
      );
    };
    const lost = () => setLive((previous) => (previous.connected ? { ...previous, connected: false } : previous));
    const open = () => {
      source = new EventSource('/api/events');
      source.addEventListener('version', heard);
      source.addEventListener('ping', heard);
      source.addEventListener('database', database);
      source.onerror = lost;
    };
    open();
    const reopen = () => {
      source.close();
      lastHeard = Date.now();
      open();
    };
    const watchdog = window.setInterval(() => {
      if (Date.now() - lastHeard < SILENCE_MS) return;
      lost();
      reopen();
    }, WATCH_MS);
    // Back on the network: a fresh stream answers with the current version at once, instead of at the next beat.
    window.addEventListener('online', reopen);
    window.addEventListener('offline', lost);
    return () => {
      window.clearInterval(watchdog);
      window.removeEventListener('online', reopen);
      window.removeEventListener('offline', lost);
      source.close();
    };
  }, []);
  return live;
}
