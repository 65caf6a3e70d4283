import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat, copyFile } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

/** Where uploaded files live. Keys are ours (`<ownerId>/<uploadId>.pdf`), never user input. */
export interface FileStorage {
  readonly driver: string;
  /** Stores a staged local file under `key` (streamed, not buffered). */
  putFile(key: string, localPath: string, sizeBytes: number, contentType: string): Promise<void>;
  /** A stream of the stored bytes; throws FileMissingError when absent. */
  get(key: string): Promise<Readable>;
  /** Deletes; a missing key is not an error (retention may run twice). */
  delete(key: string): Promise<void>;
  /** For readiness: can we reach the storage? */
  check(): Promise<void>;
}

export class FileMissingError extends Error {
  override readonly name = "FileMissingError";
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
    await mkdir(path.dirname(target), { recursive: true });
    try {
      await rename(localPath, target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EXDEV") throw err;
      // staging dir on another device: copy then remove
      await copyFile(localPath, target);
      await rm(localPath, { force: true });
    }
  }

  async get(key: string): Promise<Readable> {
    const p = this.pathOf(key);
    try {
      await stat(p);
    } catch {
      throw new FileMissingError(key);
    }
    return createReadStream(p);
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
