import { lstatSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * This user's private cache directory for provider processes (`$XDG_RUNTIME_DIR` or the temp dir,
 * `tfplugin-<uid>`), created if needed; undefined when it is not provably private (this user's, mode 0700, not a
 * symlink). The AutoMTLS certificate and the V8 code cache live here.
 */
export function privateDirectory(): string | undefined {
  if (typeof process.getuid !== "function") return undefined;
  const uid = process.getuid();
  const dir = join(process.env.XDG_RUNTIME_DIR || tmpdir(), `tfplugin-${uid}`);
  // Usually there already: a stat that does not throw is cheaper than a mkdir that does (every start pays it).
  let stats = lstatSync(dir, { throwIfNoEntry: false });
  if (!stats) {
    try {
      mkdirSync(dir, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") return undefined;
    }
    stats = lstatSync(dir);
  }
  return stats.isDirectory() && stats.uid === uid && (stats.mode & 0o077) === 0 ? dir : undefined;
}

/** Writes then renames, so a concurrent process reads the old file or the new one, never half of one. */
export function writePrivateFile(file: string, data: string | Uint8Array): void {
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, data, { mode: 0o600 });
  renameSync(partial, file);
}
