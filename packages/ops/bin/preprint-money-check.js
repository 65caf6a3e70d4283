#!/usr/bin/env node
"use strict";
// Thin launcher; the command lives in src/cli.ts (built to dist/cli.js).
require("../dist/cli.js")
  .runCli(process.argv.slice(2), process.env)
  .then((code) => {
    process.exitCode = code;
  });
