/**
 * The answers web/index.html asked for before the page's script ran (its inline script: config, campaigns, the session
 * and the campaign the link names). Each is handed over once, to the first getJson of that URL; later reads fetch anew.
 */
declare global {
  interface Window {
    __panhuoEarly?: Record<string, Promise<Response>>;
  }
}

export function takeEarly(url: string): Promise<Response> | null {
  const early = typeof window === 'undefined' ? undefined : window.__panhuoEarly;
  const answer = early?.[url];
  if (!answer) return null;
  delete early[url];
  return answer;
}
