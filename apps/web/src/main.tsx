import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { loadSiteConfig } from "./site/config";
import "./styles.css";

// The merchant details are read before the first paint: a PG reviewer never sees placeholder values.
void loadSiteConfig().then((site) =>
  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <App site={site} />
    </StrictMode>,
  ),
);
