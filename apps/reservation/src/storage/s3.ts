import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { FileMissingError, pipeSafe, StorageUnavailableError, type FileStorage } from "./storage";

export interface S3StorageOptions {
  bucket: string;
  region: string;
  endpoint?: string;
  forcePathStyle?: boolean;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** key prefix inside the bucket */
  prefix?: string;
  /**
   * Extra request checksums (CRC32 sent as an aws-chunked trailer on streamed bodies). AWS S3
   * supports them; many S3-compatible stores do not and would store the chunk framing as the
   * object's bytes. Default: on for AWS (no endpoint), off when an endpoint is set.
   */
  flexibleChecksums?: boolean;
  /** ms to open a connection (default 3000) */
  connectionTimeoutMs?: number;
  /** ms a socket may stay idle during a request (default 30000) */
  socketTimeoutMs?: number;
  /** tries per operation, SDK retries included (default 3) */
  maxAttempts?: number;
}

const QUIET = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** 4xx answers (denied, no such bucket, bad request) will not change on a retry. */
function isPermanent(err: unknown): boolean {
  const status = err instanceof S3ServiceException ? err.$metadata.httpStatusCode : undefined;
  return status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
}

function isMissing(err: unknown): boolean {
  const name = (err as { name?: string } | null)?.name;
  return name === "NoSuchKey" || name === "NotFound";
}

/**
 * S3 or any S3-compatible store (MinIO, NCP/NHN Object Storage, R2). The upload route stages the
 * body to a private temp file first (size and sha256 known, PDF checked), so the object is sent as
 * one streamed PutObject with an exact Content-Length from that file: no multipart upload, no
 * buffering in memory, and a failure leaves nothing behind (single PUT is all-or-nothing). Uploads
 * are capped far below S3's 5 GB single-PUT limit. SSE-S3 is requested on AWS.
 *
 * Every failure other than "no such key" becomes StorageUnavailableError (503
 * STORAGE_UNAVAILABLE); the SDK error is kept as `cause` for the log.
 */
export class S3Storage implements FileStorage {
  readonly driver = "s3";
  private readonly client: S3Client;
  private readonly prefix: string;

  constructor(private readonly opts: S3StorageOptions) {
    const checksums = opts.flexibleChecksums ?? !opts.endpoint;
    this.client = new S3Client({
      region: opts.region,
      endpoint: opts.endpoint,
      forcePathStyle: opts.forcePathStyle,
      credentials:
        opts.accessKeyId && opts.secretAccessKey ? { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey } : undefined,
      requestChecksumCalculation: checksums ? "WHEN_SUPPORTED" : "WHEN_REQUIRED",
      responseChecksumValidation: checksums ? "WHEN_SUPPORTED" : "WHEN_REQUIRED",
      maxAttempts: opts.maxAttempts ?? 3,
      requestHandler: { connectionTimeout: opts.connectionTimeoutMs ?? 3000, requestTimeout: opts.socketTimeoutMs ?? 30_000 },
      // the SDK would console.warn on every failed streamed PUT; failures surface as our errors instead
      logger: QUIET,
    });
    this.prefix = opts.prefix ?? "";
  }

  private fail(op: string, key: string | undefined, err: unknown): never {
    const status = err instanceof S3ServiceException ? err.$metadata.httpStatusCode : undefined;
    const what = `${op}${key ? ` ${key}` : ""} on bucket ${this.opts.bucket}`;
    throw new StorageUnavailableError(`s3 ${what} failed: ${(err as Error)?.name ?? "Error"}${status ? ` (HTTP ${status})` : ""}`, {
      cause: err,
    });
  }

  /**
   * The SDK cannot retry a request whose body is a stream, so this retries itself, reopening the
   * staged file each time (transient failures only; 4xx answers fail at once).
   */
  async putFile(key: string, localPath: string, sizeBytes: number, contentType: string): Promise<void> {
    const attempts = this.opts.maxAttempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.send(
          new PutObjectCommand({
            Bucket: this.opts.bucket,
            Key: this.prefix + key,
            Body: createReadStream(localPath),
            ContentLength: sizeBytes,
            ContentType: contentType,
            ServerSideEncryption: this.opts.endpoint ? undefined : "AES256",
          }),
        );
        return;
      } catch (err) {
        if (attempt >= attempts || isPermanent(err)) this.fail("PutObject", key, err);
        await new Promise((r) => setTimeout(r, 100 * 2 ** (attempt - 1)));
      }
    }
  }

  async get(key: string): Promise<Readable> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.opts.bucket, Key: this.prefix + key }));
      if (!out.Body) throw new Error("GetObject returned no body");
      return pipeSafe(out.Body as Readable);
    } catch (err) {
      if (isMissing(err)) throw new FileMissingError(key);
      this.fail("GetObject", key, err);
    }
  }

  /** Missing keys are fine: S3 answers 204 to deleting an absent key. */
  async delete(key: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.opts.bucket, Key: this.prefix + key }));
    } catch (err) {
      if (isMissing(err)) return;
      this.fail("DeleteObject", key, err);
    }
  }

  /** Readiness: the bucket exists and our credentials reach it (HeadBucket). */
  async check(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.opts.bucket }));
    } catch (err) {
      this.fail("HeadBucket", undefined, err);
    }
  }

  destroy(): void {
    this.client.destroy();
  }
}
