// The fault suite (fault/*.fault.test.ts): each file starts the whole system and breaks parts of it.
// Run on its own, after the other suites (scripts/test.sh), one file at a time.
module.exports = {
  ...require("../../jest.base.js"),
  roots: ["<rootDir>/fault"],
  testMatch: ["**/*.fault.test.ts"],
  testTimeout: 180_000,
  maxWorkers: 1,
};
