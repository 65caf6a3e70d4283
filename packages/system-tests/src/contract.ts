import addFormats from "ajv-formats";
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";

type Json = Record<string, any>;

export interface ContractAnswer {
  method: string;
  /** the request path, with or without the query */
  path: string;
  status: number;
  contentType: string | null;
  body: unknown;
}

export interface ContractFinding {
  /** "get /api/stores/{storeId}" or the request line when no operation matches */
  operation: string;
  status: number;
  message: string;
}

const DOC_ID = "https://preprint.kr/openapi.json";
const pointer = (parts: string[]) => parts.map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");

/**
 * Checks answers against an OpenAPI 3.1 document. Strict where the document is specific: an
 * operation that declares a JSON schema for its success must answer a declared status with a body
 * that validates. Where it is not (no such operation, or no schema), the answer is reported as
 * undeclared instead — the document is the contract, so those are gaps to close, not passes.
 */
export class ContractChecker {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly templates: Array<{ template: string; regex: RegExp; literal: number }>;
  /** operations (or request lines) answered without a schema to check against, with how often */
  readonly undeclared = new Map<string, number>();
  checked = 0;

  constructor(readonly doc: Json) {
    addFormats(this.ajv);
    this.ajv.addSchema(doc, DOC_ID);
    this.templates = Object.keys(doc.paths ?? {})
      .map((template) => ({
        template,
        regex: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}$`),
        literal: template.replace(/\{[^}]+\}/g, "").length,
      }))
      // /api/notifications/read-all before /api/notifications/{notificationId}
      .sort((a, b) => b.literal - a.literal);
  }

  /** The finding that makes this answer a contract violation, if any; undeclared answers are recorded, not failed. */
  check(a: ContractAnswer): ContractFinding | undefined {
    const method = a.method.toLowerCase();
    const path = a.path.split("?")[0]!;
    const match = this.templates.find((t) => t.regex.test(path) && this.doc.paths[t.template]?.[method]);
    if (!match) {
      this.note(`${method} ${path}`);
      return undefined;
    }
    const operation = `${method} ${match.template}`;
    const op = this.doc.paths[match.template][method] as Json;
    const responses = (op.responses ?? {}) as Record<string, Json>;
    const declaresSchema = Object.entries(responses).some(([s, r]) => s.startsWith("2") && r.content?.["application/json"]?.schema);
    const response = responses[String(a.status)];
    if (!response) {
      if (!declaresSchema) {
        this.note(operation);
        return undefined;
      }
      return {
        operation,
        status: a.status,
        message: `status ${a.status} is not declared (declared: ${Object.keys(responses).join(", ")})`,
      };
    }
    const mediaType = (a.contentType ?? "").split(";")[0]!.trim();
    const content = response.content as Record<string, Json> | undefined;
    if (!content) {
      const hasBody = a.body !== undefined && a.body !== "";
      if (hasBody && !declaresSchema) {
        this.note(operation);
        return undefined;
      }
      if (hasBody) return { operation, status: a.status, message: "a body was sent where none is declared" };
      this.checked++;
      return undefined;
    }
    const declared = content[mediaType];
    if (!declared) {
      if (!declaresSchema && !a.status.toString().startsWith("4") && !a.status.toString().startsWith("5")) {
        this.note(operation);
        return undefined;
      }
      return {
        operation,
        status: a.status,
        message: `content type ${mediaType || "(none)"} is not declared (declared: ${Object.keys(content).join(", ")})`,
      };
    }
    if (!declared.schema || !mediaType.endsWith("json")) {
      this.checked++;
      return undefined;
    }
    const validate = this.validator(["paths", match.template, method, "responses", String(a.status), "content", mediaType, "schema"]);
    this.checked++;
    if (validate(a.body)) return undefined;
    const errors = (validate.errors ?? []).slice(0, 8).map((e) => `${e.instancePath || "(body)"} ${e.message ?? ""}`.trim());
    return { operation, status: a.status, message: `the body does not match the declared schema: ${errors.join("; ")}` };
  }

  private validator(parts: string[]): ValidateFunction {
    const ref = `${DOC_ID}#/${pointer(parts)}`;
    let v = this.validators.get(ref);
    if (!v) {
      v = this.ajv.compile({ $ref: ref });
      this.validators.set(ref, v);
    }
    return v;
  }

  private note(key: string): void {
    this.undeclared.set(key, (this.undeclared.get(key) ?? 0) + 1);
  }
}

export class ContractViolation extends Error {
  override readonly name = "ContractViolation";
  constructor(
    readonly finding: ContractFinding,
    readonly body: unknown,
  ) {
    super(`${finding.operation} answered ${finding.status}: ${finding.message}\nbody: ${JSON.stringify(body)?.slice(0, 1500)}`);
  }
}
