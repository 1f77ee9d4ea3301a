/**
 * Who is signed in, for the whole page. The server decides what a user may do; the page only uses the role to show
 * the buttons that would work. The CSRF token goes to the API client, never into storage.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Role } from '../../../core/roles.ts';
import { getJson, sendJson, setCsrfToken } from '../../api/client.ts';

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  unitIds: number[];
}

interface SessionAnswer {
  user: User | null;
  csrfToken: string | null;
}

interface Session {
  /** null: nobody signed in; undefined: still asking the server. */
  user: User | null | undefined;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
}

const SessionContext = createContext<Session>({ user: null, login: async () => {}, logout: async () => {} });

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);

  useEffect(() => {
    getJson<SessionAnswer>('/api/auth/me').then(
      (me) => {
        setCsrfToken(me.csrfToken);
        setUser(me.user);
      },
      // Without an answer the page still reads; editing simply stays hidden.
      () => setUser(null),
    );
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const answer = (await sendJson<SessionAnswer>('POST', '/api/auth/login', { username, password }))!;
    setCsrfToken(answer.csrfToken);
    setUser(answer.user);
  }, []);

  const logout = useCallback(async () => {
    try {
      await sendJson('POST', '/api/auth/logout');
    } finally {
      setCsrfToken(null);
      setUser(null);
    }
  }, []);

  const value = useMemo(() => ({ user, login, logout }), [user, login, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  return useContext(SessionContext);
}
