/**
 * The first lines of a provider executable: a shell script and JavaScript at once. Terraform starts the provider in
 * its own process group, so a Ctrl-C in the terminal sends SIGINT to the provider too, and Node dies of it until
 * its first JavaScript statement runs (its own bootstrap takes ~0.1 s). As a shell script the file ignores SIGINT
 * at once and runs Node in a session of its own (`setsid`, where available: Linux), which the terminal's Ctrl-C
 * never reaches; Terraform stops the provider with StopProvider and Shutdown instead. For Node, the second line is
 * a directive and a comment, and the third ignores SIGINT from the first statement (where `setsid` is missing,
 * and when another script requires the file).
 */
export const PROVIDER_SCRIPT_PREAMBLE = [
  "#!/bin/sh",
  `':' //; trap '' INT; if command -v setsid >/dev/null 2>&1; then exec setsid node "$0" "$@"; fi; exec node "$0" "$@"`,
  'process.on("SIGINT",function(){});',
].join("\n");
