/// <reference types="vitest/config" />
import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const backend = "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [react(), tailwindcss()],
  server: {
    proxy: {
      "/api": { target: backend, changeOrigin: false },
      "/schema": { target: backend, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      "/api": { target: backend, changeOrigin: false },
      "/schema": { target: backend, changeOrigin: false },
    },
  },
  build: {
    outDir: "dist",
    sourcemap: false,
  },
  test: {
    // happy-dom rather than jsdom: the same tests in 8 to 9 CPU-s where jsdom took 13.
    environment: "happy-dom",
    // Every core, and one DOM per worker rather than one per test file (setting one up took
    // most of the run): each test renders into a fresh query client, globals are unstubbed and
    // mocks restored after each test, and the DOM is cleaned up (src/test/setup.ts).
    maxWorkers: "100%",
    isolate: false,
    globals: true,
    setupFiles: ["./src/test/setup.ts"],
    css: false,
    restoreMocks: true,
    unstubGlobals: true,
    // A ceiling for a test, far above what one takes: they may run at the lowest priority
    // beside the Python tests (`make test`).
    testTimeout: 60_000,
  },
});
