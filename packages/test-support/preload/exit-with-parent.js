// Test harness only (startApp preloads it into the apps it spawns): when the test process that
// started this app is gone, its end of our stdin pipe closes, and the app is asked to shut down.
// Without it, a test run that is killed (Ctrl-C twice, a CI timeout, kill -9) leaves whole systems
// running and polling the shared PostgreSQL and RabbitMQ, and skews whatever runs next.
"use strict";
// worker threads inherit the preload; their process.stdin is not the pipe (and ends at once)
if (!require("node:worker_threads").isMainThread) return;
const stdin = process.stdin;
stdin.on("end", () => process.kill(process.pid, "SIGTERM"));
stdin.on("error", () => process.kill(process.pid, "SIGTERM"));
stdin.resume();
// the watch must not keep an app alive that is shutting down by itself
if (typeof stdin.unref === "function") stdin.unref();
