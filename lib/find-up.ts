import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The first `relative` path found in `from` or a directory above it: how code finds the package's own files both
 * from its TypeScript sources (lib/…) and from its compiled copy (dist/lib/…).
 */
export function findUp(from: string, relative: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, relative))) return join(dir, relative);
    if (dirname(dir) === dir) throw new Error(`cannot find ${relative} above ${from}`);
  }
}
