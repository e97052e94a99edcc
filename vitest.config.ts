// Test runner configuration: unit tests beside the code, cross-part tests in test/.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["shared/**/*.test.ts", "agent/**/*.test.ts", "server/**/*.test.ts", "test/**/*.test.ts"],
    // The reliability suite (kills, long backlogs, generated bad input) runs on its own: npm run test:reliability.
    exclude: ["**/node_modules/**", "test/reliability/**", "installers/**"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: "forks",
  },
});
