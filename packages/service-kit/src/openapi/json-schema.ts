import { z } from "zod";

export type JsonSchema = Record<string, unknown>;

/**
 * Converts zod schemas to OpenAPI 3.1 schemas (JSON Schema 2020-12), collecting shared
 * definitions (`.meta({ id })` or recursive schemas) into one components map. Requests are
 * described as they are accepted (`input`: defaults optional, coercions loose), responses as they
 * are sent (`output`).
 */
export class SchemaCollector {
  readonly components: Record<string, JsonSchema> = {};

  convert(schema: z.ZodType, io: "input" | "output"): JsonSchema {
    const js = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema;
    delete js.$schema;
    const defs = js.$defs as Record<string, JsonSchema> | undefined;
    delete js.$defs;
    for (const [id, def] of Object.entries(defs ?? {})) {
      const fixed = retarget(def);
      const existing = this.components[id];
      if (existing !== undefined && JSON.stringify(existing) !== JSON.stringify(fixed)) {
        // an id names one shape; two shapes under one id would make clients generate the wrong type
        throw new Error(`schema id "${id}" is used for two different shapes`);
      }
      this.components[id] = fixed;
    }
    return retarget(js);
  }
}

const retarget = (v: JsonSchema): JsonSchema =>
  JSON.parse(JSON.stringify(v).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
