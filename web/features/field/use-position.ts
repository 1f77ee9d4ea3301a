/** The person's position from the browser (watchPosition), with what went wrong in words they can act on. */
import { useCallback, useEffect, useState } from 'react';
import type { Fix } from './types.ts';

export type PositionState =
  | { state: 'off' }
  | { state: 'waiting' }
  | { state: 'ok'; fix: Fix }
  | { state: 'error'; message: string; last: Fix | null };

function messageOf(error: GeolocationPositionError): string {
  switch (error.code) {
    case error.PERMISSION_DENIED:
      return '未允许定位：请在浏览器或系统设置中允许本网站使用位置';
    case error.POSITION_UNAVAILABLE:
      return '暂时无法定位：请到开阔处或打开手机的定位服务';
    default:
      return '定位超时，正在重试';
  }
}

/** Starts watching on `start()` (a tap: browsers ask for permission only on a person's action) or at once if allowed. */
export function usePosition(): { position: PositionState; start: () => void } {
  const [watching, setWatching] = useState(false);
  const [position, setPosition] = useState<PositionState>({ state: 'off' });

  useEffect(() => {
    // Permission already given earlier: follow the person from the start, as the app is about where they are.
    navigator.permissions
      ?.query({ name: 'geolocation' })
      .then((status) => status.state === 'granted' && setWatching(true))
      .catch(() => undefined);
  }, []);

  useEffect(() => {
    if (!watching) return;
    if (!('geolocation' in navigator)) {
      setPosition({ state: 'error', message: '此浏览器不支持定位', last: null });
      return;
    }
    setPosition((p) => (p.state === 'ok' ? p : { state: 'waiting' }));
    const id = navigator.geolocation.watchPosition(
      (p) =>
        setPosition({
          state: 'ok',
          fix: {
            lon: p.coords.longitude,
            lat: p.coords.latitude,
            accuracyM: p.coords.accuracy,
            headingDeg: p.coords.heading !== null && Number.isFinite(p.coords.heading) ? p.coords.heading : null,
            at: p.timestamp,
          },
        }),
      (error) => setPosition((p) => ({ state: 'error', message: messageOf(error), last: p.state === 'ok' ? p.fix : p.state === 'error' ? p.last : null })),
      { enableHighAccuracy: true, maximumAge: 5_000, timeout: 30_000 },
    );
    return () => navigator.geolocation.clearWatch(id);
  }, [watching]);

  const start = useCallback(() => setWatching(true), []);
  return { position, start };
}

/** The latest known fix, also while a temporary error is shown. */
export function fixOf(position: PositionState): Fix | null {
  return position.state === 'ok' ? position.fix : position.state === 'error' ? position.last : null;
}
