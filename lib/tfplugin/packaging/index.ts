export * from "./bundle";
export * from "./dirhash";
export * from "./install";
