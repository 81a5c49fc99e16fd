/** A list whose every element is a known string: a value Terraform may still leave (partly) unknown at plan time. */
export function isKnownStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((element) => typeof element === "string");
}
