/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test", "<rootDir>/examples"],
  testMatch: ["**/*.test.ts"],
  // Type checking is done once by `npm run typecheck`; jest only transpiles.
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  testTimeout: 120000,
  setupFiles: ["<rootDir>/test/support/environment.js"],
  reporters: ["default", "<rootDir>/test/support/summary-reporter.js"],
};
