/**
 * Keeps secrets out of anything we print: error messages, logs, diagnostics.
 * Every client registers the secrets it holds; whatever text leaves the client goes through `redact`.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers a secret (and its base64 Basic-auth forms are added by the caller when relevant). Short values are ignored. */
  add(secret: string | undefined): void {
    // Very short strings would redact ordinary words; real credentials are long.
    if (secret && secret.length >= 6) this.secrets.add(secret);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join("***");
    return out;
  }
}
