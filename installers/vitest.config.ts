// Installer tests (`npm run test:installers`): they use the executables and packages in dist/ (build:agent, then
// build:installers), Debian tools, and for Windows a Wine root; one file at a time, with long time limits.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["installers/**/*.test.ts", "test/installers/**/*.test.ts"],
    testTimeout: 300_000,
    hookTimeout: 900_000,
    pool: "forks",
    fileParallelism: false,
  },
});
