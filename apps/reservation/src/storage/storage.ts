import { createReadStream, createWriteStream } from "node:fs";
import { copyFile, mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { PassThrough, type Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { AppError } from "@preprint/service-kit";

/** Where uploaded files live. Keys are ours (`<ownerId>/<uploadId>.pdf`), never user input. */
export interface FileStorage {
  readonly driver: string;
  /** Stores a staged local file under `key` (streamed, not buffered). */
  putFile(key: string, localPath: string, sizeBytes: number, contentType: string): Promise<void>;
  /**
   * A stream of the stored bytes; throws FileMissingError when absent, StorageUnavailableError when
   * the storage cannot answer. The stream is safe to `.pipe(res)`: a failure after the first byte
   * destroys the destination (the client sees a cut response, short of its Content-Length) instead
   * of raising an unhandled 'error', and a destination closed early stops the read.
   */
  get(key: string): Promise<Readable>;
  /** Deletes; a missing key is not an error (retention may run twice). */
  delete(key: string): Promise<void>;
  /** For readiness: can we reach the storage? */
  check(): Promise<void>;
}

export class FileMissingError extends Error {
  override readonly name = "FileMissingError";
}

/**
 * The storage is unreachable or refused (network, 5xx, missing bucket, denied credentials). It is an
 * AppError, so a route that lets it through answers 503 problem+json `STORAGE_UNAVAILABLE`; the
 * message (operation, key, SDK error name) and `cause` are for the log only.
 */
export class StorageUnavailableError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(503, "STORAGE_UNAVAILABLE", "File storage is unavailable right now. Please try again in a moment.");
    this.message = message;
    if (options && "cause" in options) (this as { cause?: unknown }).cause = options.cause;
  }
}

/** See FileStorage.get: a pass-through whose `.pipe(dest)` carries errors and early closes across. */
class StoredFileStream extends PassThrough {
  private failure?: Error;

  constructor(source: Readable) {
    super();
    // an error before anyone listens must not become an uncaught exception
    this.on("error", (err) => {
      this.failure = err;
    });
    source.on("error", (err) => this.destroy(err));
    this.on("close", () => source.destroy());
    source.pipe(this);
  }

  override pipe<T extends NodeJS.WritableStream>(dest: T, opts?: { end?: boolean }): T {
    const kill = (err: Error) => (dest as unknown as Writable).destroy(err);
    if (this.failure) {
      kill(this.failure);
      return dest;
    }
    this.once("error", kill);
    (dest as unknown as Writable).once("close", () => {
      if (!this.readableEnded) this.destroy();
    });
    return super.pipe(dest, opts);
  }
}

export function pipeSafe(source: Readable): Readable {
  return new StoredFileStream(source);
}

function unavailable(op: string, key: string, err: unknown): StorageUnavailableError {
  return new StorageUnavailableError(`local ${op} ${key} failed: ${(err as NodeJS.ErrnoException)?.code ?? String(err)}`, { cause: err });
}

function safeKey(key: string): string {
  if (!/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_.-]+)*$/.test(key) || key.includes("..")) throw new Error(`unsafe storage key ${key}`);
  return key;
}

/** A folder on local disk (default; one replica or a shared volume). */
export class LocalStorage implements FileStorage {
  readonly driver = "local";
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    return path.join(path.resolve(this.root), safeKey(key));
  }

  async putFile(key: string, localPath: string, _size: number): Promise<void> {
    const target = this.pathOf(key);
    try {
      await mkdir(path.dirname(target), { recursive: true });
      try {
        await rename(localPath, target);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EXDEV") throw err;
        // staging dir on another device: copy then remove
        await copyFile(localPath, target);
        await rm(localPath, { force: true });
      }
    } catch (err) {
      throw unavailable("put", key, err);
    }
  }

  async get(key: string): Promise<Readable> {
    const p = this.pathOf(key);
    try {
      await stat(p);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") throw new FileMissingError(key);
      throw unavailable("get", key, err);
    }
    return pipeSafe(createReadStream(p));
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async check(): Promise<void> {
    await mkdir(path.resolve(this.root), { recursive: true });
  }

  /** for tests: write a stream under a key */
  async putStream(key: string, body: Readable): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    await pipeline(body, createWriteStream(target));
  }
}
