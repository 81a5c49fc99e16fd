import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

/**
 * The `h1:` hash Terraform records in `.terraform.lock.hcl` for a package directory (Go's dirhash Hash1): the
 * SHA-256 of one `<sha256 hex>  <path>\n` line per file, sorted by path, base64 with padding.
 */
export function dirhashH1(dir: string): string {
  const files = listFiles(dir)
    .map((file) => relative(dir, file).split(sep).join("/"))
    .sort();
  const summary = files
    .map(
      (name) =>
        `${createHash("sha256")
          .update(readFileSync(join(dir, name)))
          .digest("hex")}  ${name}\n`,
    )
    .join("");
  return `h1:${createHash("sha256").update(summary).digest("base64")}`;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}
