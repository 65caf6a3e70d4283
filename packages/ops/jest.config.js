// Each test file makes its own databases and starts its own PortOne sandbox process.
module.exports = { ...require("../../jest.base.js"), testTimeout: 60_000 };
