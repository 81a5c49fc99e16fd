export * from "./bundle";
export * from "./dirhash";
export * from "./install";
export * from "./preamble";
