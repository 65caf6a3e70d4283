/**
 * `NODE_OPTIONS=--require …/cpu-prof-preload.js` + BENCH_CPU_PROF_DIR: node refuses `--cpu-prof` in
 * NODE_OPTIONS, and the system harness starts apps as `node dist/main.js`, so the profiler is
 * started from inside the process and the profile written on exit (graceful SIGTERM → process.exit).
 * Same-thread inspector sessions answer synchronously, which is what makes writing from 'exit' work.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import path from "node:path";

const dir = process.env.BENCH_CPU_PROF_DIR;
// only the app itself, not the migration runner or seed scripts the harness also starts with this env
if (dir && /dist[/\\]main\.js$/.test(process.argv[1] ?? "")) {
  const session = new Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: 1000 });
  session.post("Profiler.start");
  process.once("exit", () => {
    session.post("Profiler.stop", (err, res) => {
      if (err) return;
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `CPU.${process.pid}.cpuprofile`), JSON.stringify(res.profile));
    });
  });
}
