// A small IPP client over node:http for the five operations the agent uses (ADR 0200).
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import { Readable } from "node:stream";
import {
  GroupTag,
  isRetryableStatus,
  JobState,
  Operation,
  PrinterState,
  StatusCode,
  statusName,
  ValueTag,
  type IppJobState,
} from "./codes";
import {
  allGroups,
  attr,
  decodeResponse,
  encodeRequest,
  groupAttributes,
  numberValue,
  stringValues,
  type IppAttribute,
  type IppGroup,
  type IppResponse,
} from "./encoding";

const USER_NAME = "preprint-agent";
const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

/** The printer answered with a status that is not a success. */
export class IppStatusError extends Error {
  constructor(
    readonly operation: string,
    readonly statusCode: number,
  ) {
    super(`${operation}: ${statusName(statusCode)}`);
  }
  get status(): string {
    return statusName(this.statusCode);
  }
  get retryable(): boolean {
    return isRetryableStatus(this.statusCode);
  }
}

/**
 * No IPP answer (refused, reset, timed out, not IPP). `maybeDelivered` is false only when no
 * connection was ever made, so the printer cannot have seen the request.
 */
export class IppTransportError extends Error {
  constructor(
    message: string,
    readonly maybeDelivered: boolean,
  ) {
    super(message);
  }
}

export interface PrinterStatus {
  state: "idle" | "processing" | "stopped";
  reasons: string[];
  documentFormats: string[];
  acceptingJobs: boolean;
  attributes: Map<string, IppAttribute>;
}

export interface IppJobStatus {
  printerJobId: number;
  state: IppJobState;
  reasons: string[];
  impressionsCompleted: number;
  stateMessage?: string;
  jobName?: string;
}

export interface PrintJobInput {
  jobName: string;
  documentFormat: string;
  documentPath: string;
  /** Job Template attributes (copies, sides, media …), already checked against the printer. */
  template: IppAttribute[];
}

export interface IppClientOptions {
  timeoutMs?: number;
  /** Print-Job carries the document: a longer allowance. */
  printTimeoutMs?: number;
}

export class IppClient {
  private nextRequestId = 1;
  private readonly timeoutMs: number;
  private readonly printTimeoutMs: number;

  constructor(
    readonly printerUri: string,
    opts: IppClientOptions = {},
  ) {
    const u = new URL(printerUri);
    if (!["ipp:", "ipps:", "http:", "https:"].includes(u.protocol)) throw new Error(`not an IPP printer URI: ${printerUri}`);
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    this.printTimeoutMs = opts.printTimeoutMs ?? 120_000;
  }

  async getPrinterAttributes(requested: string[]): Promise<Map<string, IppAttribute>> {
    const res = await this.call("Get-Printer-Attributes", Operation.GetPrinterAttributes, [
      attr(ValueTag.Keyword, "requested-attributes", ...requested),
    ]);
    return groupAttributes(res, GroupTag.Printer);
  }

  async printerStatus(): Promise<PrinterStatus> {
    const attrs = await this.getPrinterAttributes([
      "printer-state",
      "printer-state-reasons",
      "printer-is-accepting-jobs",
      "document-format-supported",
      "copies-supported",
      "sides-supported",
      "print-color-mode-supported",
      "media-supported",
    ]);
    const stateNumber = numberValue(attrs, "printer-state") ?? 3;
    const accepting = attrs.get("printer-is-accepting-jobs")?.values[0];
    return {
      state: PrinterState[stateNumber as keyof typeof PrinterState] ?? "stopped",
      reasons: stringValues(attrs, "printer-state-reasons").filter((r) => r !== "none"),
      documentFormats: stringValues(attrs, "document-format-supported"),
      acceptingJobs: accepting !== false,
      attributes: attrs,
    };
  }

  /** Print-Job; resolves with the printer's job id. Busy and other refusals throw IppStatusError. */
  async printJob(input: PrintJobInput): Promise<{ printerJobId: number; substituted: boolean }> {
    const size = (await fs.promises.stat(input.documentPath)).size;
    const res = await this.call(
      "Print-Job",
      Operation.PrintJob,
      [
        attr(ValueTag.NameWithoutLanguage, "job-name", input.jobName),
        attr(ValueTag.MimeMediaType, "document-format", input.documentFormat),
      ],
      { template: input.template, document: { path: input.documentPath, size }, timeoutMs: this.printTimeoutMs },
    );
    const job = groupAttributes(res, GroupTag.Job);
    const printerJobId = numberValue(job, "job-id");
    if (printerJobId === undefined) throw new IppTransportError("Print-Job: the answer has no job-id", true);
    return { printerJobId, substituted: res.statusCode === StatusCode.SuccessfulOkIgnoredOrSubstituted };
  }

  /** The job's state; null when the printer no longer knows the job. */
  async getJobAttributes(printerJobId: number): Promise<IppJobStatus | null> {
    try {
      const res = await this.call("Get-Job-Attributes", Operation.GetJobAttributes, [
        attr(ValueTag.Integer, "job-id", printerJobId),
        attr(
          ValueTag.Keyword,
          "requested-attributes",
          "job-id",
          "job-name",
          "job-state",
          "job-state-reasons",
          "job-state-message",
          "job-impressions-completed",
        ),
      ]);
      return jobStatus(groupAttributes(res, GroupTag.Job), printerJobId);
    } catch (err) {
      if (err instanceof IppStatusError && err.statusCode === StatusCode.ClientErrorNotFound) return null;
      throw err;
    }
  }

  /** Every job the printer still remembers (finished ones too), with their names. */
  async getJobs(): Promise<IppJobStatus[]> {
    const res = await this.call("Get-Jobs", Operation.GetJobs, [
      attr(ValueTag.Keyword, "which-jobs", "all"),
      attr(ValueTag.Keyword, "requested-attributes", "job-id", "job-name", "job-state", "job-state-reasons", "job-impressions-completed"),
    ]);
    return allGroups(res, GroupTag.Job)
      .map((g) => jobStatus(g, numberValue(g, "job-id") ?? -1))
      .filter((j) => j.printerJobId >= 0);
  }

  async cancelJob(printerJobId: number): Promise<void> {
    await this.call("Cancel-Job", Operation.CancelJob, [attr(ValueTag.Integer, "job-id", printerJobId)]);
  }

  // ------------------------------------------------------------ transport

  private async call(
    name: string,
    operation: number,
    operationAttributes: IppAttribute[],
    extra: { template?: IppAttribute[]; document?: { path: string; size: number }; timeoutMs?: number } = {},
  ): Promise<IppResponse> {
    const requestId = this.nextRequestId++;
    const groups: IppGroup[] = [
      {
        tag: GroupTag.Operation,
        attributes: [
          attr(ValueTag.Charset, "attributes-charset", "utf-8"),
          attr(ValueTag.NaturalLanguage, "attributes-natural-language", "en"),
          attr(ValueTag.Uri, "printer-uri", this.printerUri),
          attr(ValueTag.NameWithoutLanguage, "requesting-user-name", USER_NAME),
          ...operationAttributes,
        ],
      },
    ];
    if (extra.template?.length) groups.push({ tag: GroupTag.Job, attributes: extra.template });
    const head = encodeRequest({ operation, requestId, groups });
    const body = await this.post(head, extra.document, extra.timeoutMs ?? this.timeoutMs, name);
    let res: IppResponse;
    try {
      res = decodeResponse(body);
    } catch (err) {
      throw new IppTransportError(`${name}: unreadable answer (${(err as Error).message})`, true);
    }
    if (res.statusCode > StatusCode.SuccessfulOkConflicting) throw new IppStatusError(name, res.statusCode);
    return res;
  }

  private post(head: Buffer, document: { path: string; size: number } | undefined, timeoutMs: number, name: string): Promise<Buffer> {
    const u = new URL(this.printerUri);
    const secure = u.protocol === "ipps:" || u.protocol === "https:";
    const port = u.port ? Number(u.port) : u.protocol.startsWith("http") ? (secure ? 443 : 80) : 631;
    return new Promise<Buffer>((resolve, reject) => {
      let connected = false;
      let settled = false;
      const fail = (message: string) => {
        if (settled) return;
        settled = true;
        reject(new IppTransportError(`${name}: ${message}`, connected));
      };
      const req = (secure ? https : http).request(
        {
          host: u.hostname.replace(/^\[|\]$/g, ""),
          port,
          path: u.pathname + u.search,
          method: "POST",
          headers: { "content-type": "application/ipp", "content-length": head.length + (document?.size ?? 0) },
          // printers on a shop's LAN often carry self-signed certificates; ipps still encrypts
          rejectUnauthorized: false,
          agent: false,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let total = 0;
          res.on("data", (c: Buffer) => {
            total += c.length;
            if (total > MAX_RESPONSE_BYTES) {
              req.destroy();
              fail("answer too large");
            } else chunks.push(c);
          });
          res.on("error", (err) => fail(err.message));
          res.on("end", () => {
            if (settled) return;
            if (res.statusCode !== 200) return fail(`HTTP ${res.statusCode}`);
            settled = true;
            resolve(Buffer.concat(chunks));
          });
        },
      );
      req.on("socket", (socket) => {
        if (!socket.connecting) connected = true;
        else socket.once("connect", () => (connected = true));
      });
      req.setTimeout(timeoutMs, () => {
        req.destroy();
        fail(`no answer within ${timeoutMs} ms`);
      });
      req.on("error", (err) => fail(err.message));
      if (!document) {
        req.end(head);
        return;
      }
      req.write(head);
      const file = fs.createReadStream(document.path);
      file.on("error", (err) => {
        req.destroy();
        fail(`reading the document: ${err.message}`);
      });
      (file as Readable).pipe(req);
    });
  }
}

function jobStatus(attrs: Map<string, IppAttribute>, printerJobId: number): IppJobStatus {
  const stateNumber = numberValue(attrs, "job-state") ?? 3;
  return {
    printerJobId,
    state: JobState[stateNumber as keyof typeof JobState] ?? "pending",
    reasons: stringValues(attrs, "job-state-reasons").filter((r) => r !== "none"),
    impressionsCompleted: numberValue(attrs, "job-impressions-completed") ?? 0,
    stateMessage: stringValues(attrs, "job-state-message")[0],
    jobName: stringValues(attrs, "job-name")[0],
  };
}
