// Browser tests: playwright-core drives Debian's /usr/bin/chromium against the built app.
const base = require("../../jest.base.js");
module.exports = { ...base, testTimeout: 90000, maxWorkers: 1 };
