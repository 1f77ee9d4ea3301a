/** A signed-in client of a test server: keeps the session cookie and sends the CSRF token on writes. */
export interface Client {
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>, signal?: AbortSignal): Promise<{ status: number; body: any }>;
  csrf: string;
  /** The session cookie (name=value), for handing a signed-in session to a browser. */
  cookie: string | null;
}

export async function signIn(baseUrl: string, username: string, password: string): Promise<Client> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in of ${username} failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return clientWith(baseUrl, cookie, csrfToken);
}

export function clientWith(baseUrl: string, cookie: string | null, csrf: string): Client {
  return {
    csrf,
    cookie,
    async request(method, path, body, headers = {}, signal) {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        ...(signal ? { signal } : {}),
        headers: {
          ...(cookie ? { cookie } : {}),
          'x-csrf-token': csrf,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    },
  };
}

export const DEMO_PASSWORDS: Record<string, string> = {
  admin: 'panhuo-admin-demo',
  yicheng: 'panhuo-editor-demo',
  kaifaqu: 'panhuo-editor-demo',
  field: 'panhuo-field-demo',
  leader: 'panhuo-viewer-demo',
};
