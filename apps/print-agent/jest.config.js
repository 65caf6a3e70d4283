// Each suite starts real ippeveprinter processes; two workers keep a 2-core machine responsive.
module.exports = { ...require("../../jest.base.js"), maxWorkers: 2, testTimeout: 60000 };
