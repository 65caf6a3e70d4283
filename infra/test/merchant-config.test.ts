/**
 * Every deployment form takes the merchant details (전자상거래법 §10) from configuration and
 * runs a site writer that refuses test and live without them: `pnpm start`, compose, the gateway
 * image, the web (nginx) image and the production Kubernetes overlay.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { read, ROOT, yamlDocs } from "./support";

const REQUIRED = [
  "SITE_COMPANY_NAME",
  "SITE_REPRESENTATIVE",
  "SITE_BUSINESS_NUMBER",
  "SITE_MAIL_ORDER_NUMBER",
  "SITE_ADDRESS",
  "SITE_PHONE",
  "SITE_EMAIL",
  "SITE_HOSTING_PROVIDER",
  "SITE_PRIVACY_OFFICER_NAME",
];

test("when the writer's list of required items is read, then it is the one every deployment form carries", () => {
  const writer = read(path.join(ROOT, "apps/web/server/site-config.mjs"));
  for (const name of REQUIRED) expect(writer).toContain(`"${name}",`);
});

test("when compose starts the gateway, then it passes the payment stage and every merchant item", () => {
  const compose = parse(read(path.join(ROOT, "docker-compose.yml")));
  const env = compose.services.gateway.environment;
  for (const name of ["PORTONE_MODE", ...REQUIRED]) expect(Object.keys(env)).toContain(name);
});

test("when the gateway image starts, then it writes site.json from the environment before serving", () => {
  const dockerfile = read(path.join(ROOT, "apps/gateway/Dockerfile"));
  expect(dockerfile).toContain('ENTRYPOINT ["sh", "-c", "node site/write-site-config.mjs && exec \\"$0\\" \\"$@\\""]');
  expect(dockerfile).toContain('CMD ["node", "dist/main.js"]');
  expect(dockerfile).toMatch(/ln -s \/tmp\/site\.json \/app\/public\/site\.json/);
  expect(read(path.join(ROOT, "scripts/start.sh"))).toContain("site:write");
});

test("when the web image (nginx, no Node) starts, then its entrypoint script writes /site.json and requires the same items", () => {
  const dockerfile = read(path.join(ROOT, "apps/web/Dockerfile"));
  expect(dockerfile).toContain("COPY --chmod=755 infra/web/40-preprint-site.sh /docker-entrypoint.d/40-preprint-site.sh");
  expect(read(path.join(ROOT, "infra/web/nginx.conf.template"))).toMatch(/location = \/site\.json \{ alias \/tmp\/site\.json;/);
  const script = read(path.join(ROOT, "infra/web/40-preprint-site.sh"));
  expect(/^REQUIRED="([^"]+)"$/m.exec(script)![1]!.split(" ")).toEqual(REQUIRED);
});

test("when the web image's script runs in live without the items, then it exits 1 naming each; in the sandbox it writes valid JSON", () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "web-site-"));
  try {
    const script = path.join(ROOT, "infra/web/40-preprint-site.sh");
    // the image writes /tmp/site.json; a copy writing into this test's own directory keeps the machine's /tmp untouched
    const copy = path.join(tmp, "site.sh");
    writeFileSync(copy, read(script).replaceAll("/tmp/site.json", path.join(tmp, "site.json")));
    const live = spawnSync("sh", [copy], {
      env: { PATH: process.env.PATH, PORTONE_MODE: "live", SITE_PHONE: "02-000-0000" },
      encoding: "utf8",
    });
    expect(live.status).toBe(1);
    for (const name of REQUIRED.filter((n) => n !== "SITE_PHONE")) expect(live.stderr).toContain(`${name}: required in live`);
    expect(live.stderr).toContain('SITE_PHONE: "02-000-0000" is a sample value');
    const sandbox = spawnSync("sh", [copy], {
      env: { PATH: process.env.PATH, SITE_COMPANY_NAME: '주식회사 "따옴표" \\ 인쇄' },
      encoding: "utf8",
    });
    expect(sandbox.status).toBe(0);
    expect(JSON.parse(readFileSync(path.join(tmp, "site.json"), "utf8")).company.name).toBe('주식회사 "따옴표" \\ 인쇄');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test("when production is rendered, then the gateway is live and has a value for every merchant item", () => {
  const dir = path.join(ROOT, "infra/k8s/overlays/production");
  const k = parse(read(path.join(dir, "kustomization.yaml")));
  const patch = k.patches
    .map((p: { path: string }) => yamlDocs(path.join(dir, p.path)))
    .flat()
    .find((d: any) => d.kind === "ConfigMap" && d.metadata.name === "gateway-config");
  expect(patch.data.PORTONE_MODE).toBe("live");
  for (const name of REQUIRED) expect(patch.data[name]).toEqual(expect.any(String));
});
