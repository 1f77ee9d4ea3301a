/**
 * Makes /field an installable app that opens offline: its web manifest (only on this page, so installing from the
 * desk map does not start in the field app) and the service worker that keeps the app shell (web/field-sw.ts).
 */
import { useEffect } from 'react';

function addLink(rel: string, href: string): void {
  if (document.head.querySelector(`link[rel="${rel}"]`)) return;
  const link = document.createElement('link');
  link.rel = rel;
  link.href = href;
  document.head.append(link);
}

export function useInstallable(): void {
  useEffect(() => {
    document.title = '盘活·外业';
    addLink('manifest', '/manifest.webmanifest');
    addLink('apple-touch-icon', '/icons/icon-192.png');
    if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
    navigator.serviceWorker
      .register('/sw.js')
      .then(async (registration) => {
        // A new build's files are cached now, while the network is there, not when it is gone.
        if (navigator.onLine) (registration.active ?? (await navigator.serviceWorker.ready).active)?.postMessage('precache');
      })
      .catch(() => {
        // Without a service worker the app still works online; offline start is what is lost.
      });
  }, []);
}
