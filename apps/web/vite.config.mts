import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `vite` (dev) proxies /api to a running gateway so the app can be worked on with live services.
export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", sourcemap: true, target: "es2022" },
  server: {
    port: 5173,
    proxy: { "/api": { target: process.env.GATEWAY_URL ?? "http://127.0.0.1:8080", changeOrigin: false } },
  },
});
