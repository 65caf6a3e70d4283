// Each file starts the whole system (five processes); one file at a time keeps the 2-core machine usable.
module.exports = { ...require("../../jest.base.js"), testTimeout: 120_000, maxWorkers: 1 };
