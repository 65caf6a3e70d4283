// Validates Kubernetes objects against the Kubernetes API's JSON schemas, offline: kubernetes-models
// ships them as compiled ajv validators, one class per kind. It is ESM-only, so the jest suites run
// this with node as a child process: JSON array of objects on stdin, one result per object on stdout.
//   {id, ok: true} | {id, error: "<ajv message>"} | {id, custom: true} (a kind kubernetes-models has no schema for)
// The schemas check types, required fields, enums and formats; like the API's own OpenAPI schemas
// they allow fields they do not know.
const input = JSON.parse(await new Promise((resolve) => {
  let s = "";
  process.stdin.setEncoding("utf8").on("data", (d) => (s += d)).on("end", () => resolve(s));
}));

const modules = new Map();
async function modelsFor(apiVersion) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : [null, apiVersion];
  const spec = group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`;
  if (!modules.has(spec)) modules.set(spec, await import(spec).catch(() => null));
  return modules.get(spec);
}

const results = [];
for (const doc of input) {
  const id = `${doc.apiVersion}/${doc.kind}/${doc.metadata?.name}`;
  const Model = (await modelsFor(String(doc.apiVersion)))?.[doc.kind];
  if (typeof Model?.prototype?.validate !== "function") {
    results.push({ id, custom: true });
    continue;
  }
  try {
    new Model(doc).validate();
    results.push({ id, ok: true });
  } catch (err) {
    results.push({ id, error: String(err?.message ?? err) });
  }
}
process.stdout.write(JSON.stringify(results));
