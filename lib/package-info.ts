import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { findUp } from "./find-up";

const manifest = findUp(__dirname, "package.json");

/**
 * This package as installed: its directory, name and version, read from its own package.json — the checkout's, or
 * an installed package's (each flavour's package has its own name), so nothing else hard-codes them.
 */
export const PACKAGE: { readonly root: string; readonly name: string; readonly version: string } = {
  root: dirname(manifest),
  ...(JSON.parse(readFileSync(manifest, "utf8")) as { name: string; version: string }),
};
