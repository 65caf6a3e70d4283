import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import { DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, NoSuchKey, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { FileMissingError, type FileStorage } from "./storage";

export interface S3StorageOptions {
  bucket: string;
  region: string;
  endpoint?: string;
  forcePathStyle?: boolean;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** key prefix inside the bucket */
  prefix?: string;
}

/**
 * S3 or any S3-compatible store (MinIO, NCP/NHN Object Storage, R2). The staged file is sent as
 * one streamed PutObject with its known length (uploads are capped well below S3's 5 GB limit for
 * a single PUT). Server-side encryption is requested (SSE-S3).
 */
export class S3Storage implements FileStorage {
  readonly driver = "s3";
  private readonly client: S3Client;
  private readonly prefix: string;

  constructor(private readonly opts: S3StorageOptions) {
    this.client = new S3Client({
      region: opts.region,
      endpoint: opts.endpoint,
      forcePathStyle: opts.forcePathStyle,
      credentials: opts.accessKeyId && opts.secretAccessKey ? { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey } : undefined,
    });
    this.prefix = opts.prefix ?? "";
  }

  async putFile(key: string, localPath: string, sizeBytes: number, contentType: string): Promise<void> {
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
  }

  async get(key: string): Promise<Readable> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.opts.bucket, Key: this.prefix + key }));
      return out.Body as Readable;
    } catch (err) {
      if (err instanceof NoSuchKey || (err as { name?: string }).name === "NoSuchKey") throw new FileMissingError(key);
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.opts.bucket, Key: this.prefix + key }));
  }

  async check(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.opts.bucket }));
  }

  destroy(): void {
    this.client.destroy();
  }
}
