// The reliability suite (`npm run test:reliability`): kills, long outages, generated bad input and parser properties.
// One file at a time: the kill tests time their signals and must not compete with each other for the two cores.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/reliability/**/*.test.ts"],
    globalSetup: ["test/reliability/global-setup.ts"],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    pool: "forks",
    fileParallelism: false,
  },
});
