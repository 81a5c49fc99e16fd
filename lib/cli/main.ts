import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { WEBHOOK_SUBJECTS, WebhookSubject, workspaceIdProblem } from "../bitbucket";
import { PACKAGE } from "../package-info";
import { installForTerraform } from "./install-provider";
import { CheckStatus, PreflightReport, runPreflight } from "./preflight";

/**
 * `devdynamics-bitbucket check`: the provider's plan-time checks without Terraform, for pipelines and support.
 * Exit codes: 0 every check passed, 1 a check failed, 2 usage error (docs/preflight.md).
 * `devdynamics-bitbucket install-provider`: the provider for plain Terraform users.
 */
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

const program = new Command("devdynamics-bitbucket")
  .version(PACKAGE.version, "-V, --version", "print the package's (and so the provider's) version")
  .description("DevDynamics ⇄ Bitbucket Cloud integration tools")
  // Commander exits with 1 on usage errors; 1 means "a check failed" here, so usage errors are turned into 2.
  .exitOverride()
  .showHelpAfterError("(run with --help for usage)");

program
  .command("check")
  .description(
    "check the Bitbucket credential and the DevDynamics API key from the provider's environment variables, as terraform plan would",
  )
  .addOption(
    new Option("--workspace <id>", "Bitbucket Workspace ID (the slug in bitbucket.org/<workspace-id>)")
      .makeOptionMandatory()
      .argParser(workspaceId),
  )
  .addOption(
    new Option("--webhook-subject <subject>", "where the webhooks will live: on the workspace or on each repository")
      .choices(WEBHOOK_SUBJECTS)
      .default("workspace"),
  )
  // The option's name before 0.2; kept so existing pipelines keep working.
  .addOption(new Option("--webhook-scope <subject>").choices(WEBHOOK_SUBJECTS).hideHelp())
  .option("--json", "print the report as JSON", false)
  .action(
    async (options: {
      workspace: string;
      webhookSubject: WebhookSubject;
      webhookScope?: WebhookSubject;
      json: boolean;
    }) => {
      const report = await runPreflight({
        workspace: options.workspace,
        webhookSubject: options.webhookScope ?? options.webhookSubject,
        env: process.env,
      });
      console.log(options.json ? JSON.stringify(report, null, 2) : formatReport(report));
      process.exitCode = report.passed ? 0 : EXIT_FAILED;
    },
  );

program
  .command("install-provider")
  .description(
    "install the devdynamics Terraform provider for plain Terraform (HCL), offline: into a configuration's implied local mirror, or into a filesystem mirror with a CLI config that uses it",
  )
  .option("--implied-mirror <dir>", "a Terraform configuration directory: installs into <dir>/terraform.d/plugins")
  .option("--mirror <dir>", "a filesystem mirror directory")
  .option("--cli-config <file>", "with --mirror: write a Terraform CLI config that uses the mirror")
  .action(async (options: { impliedMirror?: string; mirror?: string; cliConfig?: string }, command: Command) => {
    if (!options.impliedMirror === !options.mirror)
      command.error("error: give exactly one of --implied-mirror <dir> and --mirror <dir>", { exitCode: EXIT_USAGE });
    const installed = await installForTerraform(options);
    console.log(`installed ${installed.source} ${installed.version} in ${installed.packageDir}`);
    console.log(`lock hash ${installed.lockHash}`);
    if (installed.cliConfig) console.log(`export TF_CLI_CONFIG_FILE=${installed.cliConfig}`);
  });

function workspaceId(value: string): string {
  const problem = workspaceIdProblem(value);
  if (problem) throw new InvalidArgumentError(problem);
  return value;
}

const SYMBOLS: Readonly<Record<CheckStatus, string>> = { passed: "✔", failed: "✖", skipped: "-" };

function formatReport(report: PreflightReport): string {
  const webhooks = report.webhookSubject === "workspace" ? "one workspace webhook" : "one webhook per repository";
  const lines = [`Preflight for Bitbucket workspace ${report.workspace} (${webhooks})`];
  for (const check of report.checks) {
    lines.push(`${SYMBOLS[check.status]} ${check.name}: ${check.detail}`);
    if (check.fix) lines.push(`    Fix: ${check.fix}`);
  }
  const count = (status: CheckStatus) => report.checks.filter((c) => c.status === status).length;
  const requests = `${report.bitbucketRequests} Bitbucket request${report.bitbucketRequests === 1 ? "" : "s"}`;
  lines.push(
    report.passed
      ? `All ${report.checks.length} checks passed (${requests}).`
      : `${count("failed")} of ${report.checks.length} checks failed, ${count("skipped")} skipped (${requests}).`,
  );
  return lines.join("\n");
}

program.parseAsync().catch((error: unknown) => {
  if (error instanceof CommanderError) {
    // Commander has printed the message already; --help and --version end here too, with exit code 0.
    process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
    return;
  }
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = EXIT_FAILED;
});
