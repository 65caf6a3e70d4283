import { existsSync } from "node:fs";
import path from "node:path";
import { DOCKER_APPS, dockerfiles } from "../src";
import { APP_PORTS, appDirs, dockerStages, OPS_PORTS, read, ROOT } from "./support";

const apps = appDirs();

describe("Dockerfiles", () => {
  test("when an app exists, then it has a Dockerfile", () => {
    for (const app of apps)
      expect({ app, dockerfile: existsSync(path.join(ROOT, "apps", app, "Dockerfile")) }).toEqual({ app, dockerfile: true });
  });

  test("when the template changes, then every Node app's committed Dockerfile is its output (run `pnpm --filter @preprint/infra run generate`)", () => {
    for (const [rel, content] of Object.entries(dockerfiles())) expect({ rel, same: read(rel) === content }).toEqual({ rel, same: true });
  });

  test("when an app runs as a Node service, then its Dockerfile comes from the template", () => {
    expect(DOCKER_APPS.map((a) => a.app).sort()).toEqual(Object.keys(APP_PORTS).sort());
    for (const a of DOCKER_APPS)
      expect({ app: a.app, expose: a.expose }).toEqual({
        app: a.app,
        expose: [APP_PORTS[a.app], ...(a.app in OPS_PORTS ? [OPS_PORTS[a.app]] : [])],
      });
  });

  test.each(apps)("when apps/%s/Dockerfile builds, then it is multi-stage and its runtime stage runs as a non-root USER", (app) => {
    const stages = dockerStages(`apps/${app}/Dockerfile`);
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const runtime = stages.find((s) => s.name === "runtime");
    expect(runtime).toBeDefined();
    // the last stage is the default target: it must be the runtime one
    expect(stages[stages.length - 1].name).toBe("runtime");
    for (const s of stages.filter((s) => s.name === "runtime" || s.name === "migrate")) {
      expect({ stage: s.name, user: s.user }).toEqual({ stage: s.name, user: expect.any(String) });
      expect(["root", "0", "0:0"]).not.toContain(s.user);
    }
    // the runtime stage copies build output; it never installs dev tooling itself
    expect(runtime!.lines.some((l) => /^COPY\s+--from=build\b/.test(l))).toBe(true);
    expect(runtime!.lines.some((l) => /pnpm install/.test(l))).toBe(false);
    if (app in APP_PORTS) {
      expect(runtime!.exposes).toEqual([APP_PORTS[app], ...(app in OPS_PORTS ? [OPS_PORTS[app]] : [])]);
      expect(runtime!.lines).toContain('CMD ["node", "dist/main.js"]');
      // the pruned runtime: only this app's production dependencies
      const build = stages.find((s) => s.name === "build")!;
      expect(build.lines.some((l) => l.includes(`pnpm --filter @preprint/${app} deploy --prod /out`))).toBe(true);
    }
  });

  test("when an app has migrations, then its Dockerfile has a migrate stage that runs the app's migrate:deploy script", () => {
    for (const app of apps) {
      const pkg = JSON.parse(read(`apps/${app}/package.json`));
      const migrate = dockerStages(`apps/${app}/Dockerfile`).find((s) => s.name === "migrate");
      expect({ app, migrate: !!migrate }).toEqual({ app, migrate: !!pkg.scripts?.["migrate:deploy"] });
      if (migrate) {
        expect(migrate.lines).toContain(`WORKDIR /repo/apps/${app}`);
        expect(migrate.lines).toContain('CMD ["pnpm", "run", "migrate:deploy"]');
      }
    }
  });

  test("when the build context is sent, then .dockerignore keeps node_modules, build output and .env files out", () => {
    const ignore = read(".dockerignore")
      .split("\n")
      .map((l) => l.trim());
    for (const p of ["**/node_modules", "**/dist", "**/.env", ".git"]) expect(ignore).toContain(p);
    expect(ignore).toContain("!**/.env.example");
  });
});
