// js-yaml arrives with jest (through istanbul) without types; the examples test only parses with load().
declare module "js-yaml" {
  export function load(text: string): unknown;
}
