import type { Logger } from "./definitions";

const LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR"] as const;
type Level = (typeof LEVELS)[number];

/**
 * Logs to stderr as `[LEVEL] message` lines, which Terraform reads into its own log (stdout is the handshake's
 * alone). The threshold comes from TF_LOG_PROVIDER or TF_LOG; without either, only warnings are written.
 * Callers log names and counts, never attribute values (the framework never passes it any).
 */
export function stderrLogger(env: NodeJS.ProcessEnv = process.env): Logger & { error(message: string): void } {
  const setting = (env.TF_LOG_PROVIDER ?? env.TF_LOG ?? "WARN").toUpperCase();
  const threshold = LEVELS.indexOf((LEVELS as readonly string[]).includes(setting) ? (setting as Level) : "WARN");
  const write = (level: Level) => (message: string) => {
    if (LEVELS.indexOf(level) >= threshold) process.stderr.write(`[${level}] ${message}\n`);
  };
  return { debug: write("DEBUG"), info: write("INFO"), warn: write("WARN"), error: write("ERROR") };
}
