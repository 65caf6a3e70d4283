/**
 * Every deployment form takes the merchant details (전자상거래법 §10) from configuration and
 * runs the site writer that refuses test and live without them: `pnpm start`, compose, the
 * gateway image and the production Kubernetes overlay.
 */
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

test("when production is rendered, then the gateway is live and has a value for every merchant item", () => {
  const dir = path.join(ROOT, "infra/k8s/overlays/production");
  const k = parse(read(path.join(dir, "kustomization.yaml")));
  const patch = k.patches.map((p: { path: string }) => yamlDocs(path.join(dir, p.path))).flat().find((d: any) => d.kind === "ConfigMap" && d.metadata.name === "gateway-config");
  expect(patch.data.PORTONE_MODE).toBe("live");
  for (const name of REQUIRED) expect(patch.data[name]).toEqual(expect.any(String));
});
