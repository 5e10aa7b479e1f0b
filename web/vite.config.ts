/// <reference types="vitest/config" />
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

/**
 * Writes `name.gz` beside each script, stylesheet and SVG of the bundle: F2L serves those to
 * browsers that accept gzip (src/f2l/api/static_site.py), with no compression work per request.
 * From the files as written (writeBundle): later plugins still rewrite chunks in generateBundle.
 */
function precompress(): Plugin {
  return {
    name: "f2l-precompress",
    apply: "build",
    writeBundle(options, bundle) {
      const dir = options.dir ?? "";
      for (const name of Object.keys(bundle).filter((file) => /\.(js|css|svg)$/.test(file))) {
        const source = readFileSync(join(dir, name));
        const packed = gzipSync(source, { level: 9 });
        if (packed.byteLength < source.byteLength) writeFileSync(join(dir, `${name}.gz`), packed);
      }
    },
  };
}

// `npm run dev` proxies the API to a local `f2l serve` (default port 8000).
const api = process.env.F2L_API ?? "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [react(), precompress()],
  build: {
    // The Python package serves this folder at `/` (src/f2l/api/static_site.py).
    outDir: "../src/f2l/api/static",
    emptyOutDir: true,
    chunkSizeWarningLimit: 600,
  },
  server: {
    host: "127.0.0.1",
    proxy: {
      "/api": { target: api, ws: true },
      "/health": api,
      "/ready": api,
      "/metrics": api,
    },
  },
  test: {
    environment: "jsdom",
    // Unit tests only: the browser tests live in tests/e2e (Python Playwright).
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
    restoreMocks: true,
  },
});
