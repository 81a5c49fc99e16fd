import { Command } from "commander";
import { writeFileSync } from "node:fs";
import { DEFAULT_SEED_PATH, loadSeed, SandboxSeed, SeedCredential, startSandbox } from "./index";
import { generateLargeSeed } from "./seed-generator";

/** `npm run sandbox`: runs the simulators until Ctrl-C, or writes a large seed. */
const program = new Command("sandbox").description("Simulated Bitbucket Cloud and DevDynamics on loopback");

program
  .command("start", { isDefault: true })
  .description("start both simulators and print how to reach them")
  .option("--seed <file>", "seed file", DEFAULT_SEED_PATH)
  .option("--bitbucket-port <port>", "Bitbucket port (0 = any free port)", "0")
  .option("--devdynamics-port <port>", "DevDynamics port (0 = any free port)", "0")
  .option("--hourly-budget <requests>", "Bitbucket requests per credential, resource group and hour", "1000")
  .option("--show-secrets", "print the seeded credentials' secrets", false)
  .action(async (options) => {
    const seed = loadSeed(options.seed);
    const sandbox = await startSandbox({
      seed,
      bitbucketPort: Number(options.bitbucketPort),
      devdynamicsPort: Number(options.devdynamicsPort),
      hourlyRequestBudget: Number(options.hourlyBudget),
    });
    console.log(describe(seed, sandbox.bitbucket.url, sandbox.devdynamics.url, options.showSecrets));
    process.once("SIGINT", async () => {
      console.log(`\nBitbucket requests:\n${sandbox.bitbucket.server.log.format()}`);
      console.log(`DevDynamics requests:\n${sandbox.devdynamics.server.log.format()}`);
      await sandbox.stop();
      process.exit(0);
    });
  });

program
  .command("generate-seed")
  .description("write a seed with many repositories, for load tests and benchmarks")
  .requiredOption("--repositories <count>", "how many repositories")
  .option("--projects <count>", "how many projects", "10")
  .option("--base <file>", "seed to take users and credentials from", DEFAULT_SEED_PATH)
  .requiredOption("--out <file>", "where to write the seed")
  .action((options) => {
    const seed = generateLargeSeed(loadSeed(options.base), {
      repositories: Number(options.repositories),
      projects: Number(options.projects),
    });
    writeFileSync(options.out, JSON.stringify(seed) + "\n");
    console.log(`wrote ${options.out}: ${options.repositories} repositories`);
  });

function describe(seed: SandboxSeed, bitbucketUrl: string, devdynamicsUrl: string, showSecrets: boolean): string {
  const lines = [
    `Bitbucket Cloud API   ${bitbucketUrl}/2.0   (OAuth tokens: ${bitbucketUrl}/site/oauth2/access_token)`,
    `DevDynamics API       ${devdynamicsUrl}/v1`,
    `Admin routes          ${bitbucketUrl}/_sandbox/{events,deliveries,log,faults}`,
    "",
  ];
  for (const w of seed.bitbucket.workspaces) {
    lines.push(
      `workspace ${w.slug}: ${w.projects.length} projects, ${w.repositories.length} repositories, members ${w.members.map((m) => `${m.user} (${m.permission})`).join(", ")}`,
    );
  }
  lines.push("", "credentials:");
  for (const c of seed.bitbucket.credentials)
    lines.push(`  ${c.id.padEnd(36)} ${c.kind.padEnd(15)} ${describeCredential(c, showSecrets)}`);
  for (const org of seed.devdynamics.organizations) {
    lines.push(
      `DevDynamics organization ${org.id}: ${org.apiKeys.length} API key(s)${showSecrets ? ` ${org.apiKeys.join(", ")}` : ""}`,
    );
  }
  if (!showSecrets) lines.push("", "(run with --show-secrets to print the credentials' secrets)");
  lines.push("", "Ctrl-C stops the sandbox and prints the request counts.");
  return lines.join("\n");
}

function describeCredential(c: SeedCredential, showSecrets: boolean): string {
  const secret = (value: string) => (showSecrets ? ` secret=${value}` : "");
  switch (c.kind) {
    case "api_token":
      return `user=${c.user} scopes=${c.scopes.join(",")}${secret(c.token)}`;
    case "access_token":
      return `bound to ${[c.workspace, c.project, c.repository].filter(Boolean).join("/")} scopes=${c.scopes.join(",")}${secret(c.token)}`;
    case "oauth_consumer":
      return `user=${c.user} client_id=${c.clientId} scopes=${c.scopes.join(",")}${secret(c.clientSecret)}`;
    case "app_password":
      return `user=${c.user} (retired: Bitbucket answers 401)${secret(c.password)}`;
  }
}

program.parseAsync().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
