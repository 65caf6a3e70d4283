import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { ROOT } from "./support";

export const K8S = path.join(ROOT, "infra/k8s");

/** The base and every overlay: what `kubectl apply -k <dir>` can be run on. */
export function kustomizations(): string[] {
  const overlays = path.join(K8S, "overlays");
  const dirs = existsSync(overlays) ? readdirSync(overlays).map((d) => path.join(overlays, d)) : [];
  return [path.join(K8S, "base"), ...dirs.filter((d) => existsSync(path.join(d, "kustomization.yaml")))];
}

interface Renderer {
  describe: string;
  command: string;
  args: string[];
}

/**
 * The real kustomize: kubectl's embedded one (kubectl ≥ 1.27 carries kustomize 5) or a standalone
 * `kustomize`. Older ones (Debian's kubectl 1.20 carries kustomize 2) do not know this layout.
 */
function findRenderer(): { renderer?: Renderer; missing?: string } {
  const kubectl = spawnSync("kubectl", ["version", "--client", "-o", "json"], { encoding: "utf8" });
  if (kubectl.status === 0) {
    const v = JSON.parse(kubectl.stdout) as { kustomizeVersion?: string };
    if (/^v?[5-9]\./.test(v.kustomizeVersion ?? ""))
      return { renderer: { describe: `kubectl kustomize (kustomize ${v.kustomizeVersion})`, command: "kubectl", args: ["kustomize"] } };
  }
  const standalone = spawnSync("kustomize", ["version"], { encoding: "utf8" });
  if (standalone.status === 0 && /v?[5-9]\./.test(standalone.stdout))
    return { renderer: { describe: `kustomize ${standalone.stdout.trim()}`, command: "kustomize", args: ["build"] } };
  return {
    missing: "neither kubectl (≥ 1.27) nor kustomize (≥ 5) is on PATH; Debian's kubectl is too old and no npm package ships kustomize",
  };
}

export const { renderer, missing: rendererMissing } = findRenderer();

/** The objects `kubectl apply -k dir` would send, as kustomize builds them. Throws with its stderr. */
export function render(dir: string): Record<string, any>[] {
  if (!renderer) throw new Error(rendererMissing);
  let out: string;
  try {
    out = execFileSync(renderer.command, [...renderer.args, dir], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(
      `${renderer.describe} ${path.relative(ROOT, dir)} failed: ${(e.stderr ?? e.message).split("\n").slice(0, 8).join("\n")}`,
      { cause: err },
    );
  }
  return parseAllDocuments(out)
    .map((d) => d.toJS() as Record<string, any> | null)
    .filter((d): d is Record<string, any> => d !== null && typeof d === "object");
}

export interface SchemaResult {
  id: string;
  ok?: true;
  error?: string;
  custom?: true;
}

/** Each object checked against the Kubernetes API schemas (test/schemas/check-k8s.mjs). */
export function checkAgainstKubernetesSchemas(objects: Record<string, any>[]): SchemaResult[] {
  const out = execFileSync(process.execPath, [path.join(__dirname, "schemas/check-k8s.mjs")], {
    cwd: path.join(ROOT, "infra"),
    input: JSON.stringify(objects),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out) as SchemaResult[];
}
