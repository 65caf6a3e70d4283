// One agent per state folder: two agents sharing a journal could both print the same job.
// The lock holds the owner's pid; a lock whose process is gone (a crash, kill -9) is taken over.
import fs from "node:fs";
import path from "node:path";

export class StateLock {
  private constructor(private readonly file: string) {}

  static acquire(dir: string): StateLock {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "agent.lock");
    for (let tries = 0; tries < 2; tries++) {
      try {
        fs.writeFileSync(file, String(process.pid), { flag: "wx" });
        return new StateLock(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
        const owner = Number(fs.readFileSync(file, "utf8").trim());
        if (owner && owner !== process.pid && isAlive(owner)) {
          throw new Error(`another print agent (pid ${owner}) uses ${dir}`, { cause: err });
        }
        fs.rmSync(file, { force: true });
      }
    }
    throw new Error(`could not lock ${dir}`);
  }

  release(): void {
    fs.rmSync(this.file, { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
