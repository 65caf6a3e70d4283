// P4: @prisma/adapter-pg 7.10.1 has no mapping for Postgres' internal one-byte `"char"` type
// (OID 18). The schema engine's catalog queries (pg_class.relkind, pg_constraint.contype, ...)
// return such columns and fail with "Column type 'char' could not be deserialized from the
// database". We report those columns as `text` (OID 25); the values are already strings.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

function fixFields(result) {
  if (result && Array.isArray(result.fields)) {
    for (const field of result.fields) if (field.dataTypeID === 18) field.dataTypeID = 25;
  }
  return result;
}

function patchClient(pg) {
  const proto = pg.Client.prototype;
  if (proto.__preprintCharPatch) return;
  const originalQuery = proto.query;
  proto.query = function query(config, values, callback) {
    if (typeof values === "function") {
      const cb = values;
      return originalQuery.call(this, config, (err, res) => cb(err, fixFields(res)));
    }
    if (typeof callback === "function") {
      return originalQuery.call(this, config, values, (err, res) => callback(err, fixFields(res)));
    }
    const res = originalQuery.call(this, config, values);
    return res && typeof res.then === "function" ? res.then(fixFields) : res;
  };
  proto.__preprintCharPatch = true;
}

// Patch the `pg` that adapter-pg itself loads (resolved from its own directory), and ours in
// case pnpm ever gives us a different copy.
export function patchPgCharType() {
  const adapterRequire = createRequire(require.resolve("@prisma/adapter-pg"));
  patchClient(adapterRequire("pg"));
  patchClient(require("pg"));
}
