#!/usr/bin/env node
// Writes dist/site.json from SITE_CONFIG_FILE and SITE_* env, for deployments where another
// server (the gateway, nginx, a CDN) serves dist/ as static files. Run it at container start.
// In the test and live payment stages (PORTONE_MODE) it refuses to write without the business
// details the law requires, so the deployment does not start without them.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { merchantProblems, siteConfigFromEnv } from "./site-config.mjs";

const dist = process.env.WEB_DIST_DIR ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../dist");
const out = path.join(dist, "site.json");
try {
  const cfg = siteConfigFromEnv(process.env);
  const problems = merchantProblems(cfg, process.env.PORTONE_MODE);
  if (problems.length > 0) {
    console.error(
      `site config: the business details are incomplete (PORTONE_MODE=${process.env.PORTONE_MODE})\n${problems.map((p) => `  ${p}`).join("\n")}`,
    );
    process.exit(1);
  }
  writeFileSync(out, `${JSON.stringify(cfg, null, 2)}\n`);
  console.log(`wrote ${out} (${Object.keys(cfg).length ? "operator values" : "defaults only"})`);
} catch (err) {
  console.error(`site config: ${err.message}`);
  process.exit(1);
}
