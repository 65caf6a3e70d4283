import { useQuery } from "@tanstack/react-query";
import { createContext, useContext, useEffect, type ReactNode } from "react";
import { queries } from "../api/queries";
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
  const config = useQuery(queries.paymentsConfig());
  useEffect(() => {
    document.title = site.serviceName;
  }, [site.serviceName]);
  return <SiteContext.Provider value={{ site, payments: config.data ?? null }}>{children}</SiteContext.Provider>;
}

export function useSite(): SiteState {
  return useContext(SiteContext);
}
