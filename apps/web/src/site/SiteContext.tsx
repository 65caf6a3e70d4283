import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { payments } from "../api/endpoints";
import type { PaymentsConfig } from "../api/types";
import { DEFAULT_SITE, type SiteConfig } from "./config";

interface SiteState {
  site: SiteConfig;
  /** null until /api/payments/config answered (or when it could not be read) */
  payments: PaymentsConfig | null;
}

const SiteContext = createContext<SiteState>({ site: DEFAULT_SITE, payments: null });

/** `site` is loaded before the first render (main.tsx), so no default value ever flashes. */
export function SiteProvider({ site, children }: { site: SiteConfig; children: ReactNode }) {
  const [state, setState] = useState<SiteState>({ site, payments: null });
  useEffect(() => {
    let live = true;
    payments
      .config()
      .then((cfg) => live && setState((s) => ({ ...s, payments: cfg })))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  useEffect(() => {
    document.title = state.site.serviceName;
  }, [state.site.serviceName]);
  return <SiteContext.Provider value={state}>{children}</SiteContext.Provider>;
}

export function useSite(): SiteState {
  return useContext(SiteContext);
}
