import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { getSession, onSessionChange, refreshSession, setSession, toSession, type SessionUser } from "../api/client";
import { auth } from "../api/endpoints";

interface AuthState {
  user: SessionUser | null;
  /** false until the refresh-on-load finished */
  ready: boolean;
  login(email: string, password: string): Promise<SessionUser>;
  signup(input: { email: string; password: string; name: string; phone: string }): Promise<SessionUser>;
  logout(): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null>(getSession()?.user ?? null);
  const [ready, setReady] = useState(false);

  useEffect(() => onSessionChange((s) => setUser(s?.user ?? null)), []);
  useEffect(() => {
    // the access token is memory-only: every page load asks for a new one with the refresh cookie
    void refreshSession().finally(() => setReady(true));
  }, []);

  const adopt = useCallback((body: unknown): SessionUser => {
    const s = toSession(body);
    if (!s) throw new Error("malformed session");
    setSession(s);
    return s.user;
  }, []);

  const value = useMemo<AuthState>(
    () => ({
      user,
      ready,
      login: async (email, password) => adopt(await auth.login({ email, password })),
      signup: async (input) => adopt(await auth.signup(input)),
      logout: async () => {
        try {
          await auth.logout();
        } finally {
          setSession(null);
        }
      },
    }),
    [user, ready, adopt],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error("useAuth outside AuthProvider");
  return ctx;
}
