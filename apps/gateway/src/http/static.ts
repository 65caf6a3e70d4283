import fs from "node:fs";
import path from "node:path";
import express, { type Router } from "express";

const PLACEHOLDER = `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>preprint</title></head>
<body><main><h1>preprint</h1><p>웹 앱이 아직 빌드되지 않았습니다. <code>pnpm --filter @preprint/web build</code> 후 다시 시작하세요.</p>
<p>The web app has not been built yet. API: <a href="/api/docs">/api/docs</a>, health: <a href="/api/health">/api/health</a>.</p></main></body></html>`;

// Vite-style content-hashed file names (`index-3f9a1b2c.js`, `logo.BXa9_2kQ.svg`) never change content
const HASHED = /[.-][A-Za-z0-9_-]{8,}\.(?:js|mjs|css|woff2?|svg|png|jpe?g|webp|avif|ico|map)$/;

/**
 * The built web app at `/`: hashed assets cached for a year (immutable), everything else
 * revalidated, and an SPA fallback to index.html for HTML navigations that match no file.
 * A placeholder page when the build is missing, so the gateway still starts in development.
 */
export function webApp(distDir: string): Router {
  const router = express.Router();
  const index = path.join(distDir, "index.html");
  const built = fs.existsSync(index);
  if (built) {
    router.use(
      express.static(distDir, {
        index: false,
        setHeaders: (res, file) => {
          res.setHeader("Cache-Control", HASHED.test(file) ? "public, max-age=31536000, immutable" : "no-cache");
        },
      }),
    );
  }
  router.get(/^(?!\/api(?:\/|$)).*/, (req, res, next) => {
    // a missing file (`/assets/x.js`) must stay a 404, not become index.html
    if (path.extname(req.path) !== "" || !req.accepts("html")) return next();
    res.setHeader("Cache-Control", "no-cache");
    if (built) res.sendFile(index);
    else res.type("html").send(PLACEHOLDER);
  });
  return router;
}
