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
    rolldownOptions: {
      output: {
        // Few, larger chunks. Left alone, the bundler cuts ~120 chunks of 1–3 KB (one per shared
        // MUI component): the overview's first render took 53 requests over the browser's six
        // connections, and the API calls queued behind them. Grouped, it takes 8.
        codeSplitting: {
          groups: [
            {
              // MUI and its styling engine, used by every page (and the two helpers DataGrid and
              // recharts share, which would otherwise pull the charts into the History page).
              name: "mui",
              test: /[\\/]node_modules[\\/](@mui[\\/](material|system|utils|styled-engine|private-theming)|@emotion|@popperjs|react-transition-group|clsx|prop-types|react-is|use-sync-external-store|reselect)[\\/]/,
              priority: 30,
            },
            {
              // recharts and its dependencies: the overview's charts and the folder analysis only.
              name: "charts",
              test: /[\\/]node_modules[\\/](recharts|victory-vendor|d3-[a-z-]+|internmap|@reduxjs|redux|react-redux|immer|es-toolkit|eventemitter3|decimal\.js-light|tiny-invariant)[\\/]/,
              priority: 20,
            },
            {
              // The app's own shared modules (API client, queries, formatters, live layer).
              name: "app",
              test: /[\\/]src[\\/](api|lib|live|components[\\/](common|layout))[\\/]/,
              minShareCount: 2,
              priority: 10,
            },
          ],
        },
      },
    },
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
