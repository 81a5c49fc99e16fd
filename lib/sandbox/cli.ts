import { Command } from "commander";
import { writeFileSync } from "node:fs";
import { describeSandbox, handOffCredential } from "./hand-off";
import { DEFAULT_SEED_PATH, loadSeed, startSandbox } from "./index";
import { generateLargeSeed } from "./seed-generator";

/** `npm run sandbox`: runs the simulators until Ctrl-C, or writes a large seed. */
const program = new Command("sandbox").description("Simulated Bitbucket Cloud and DevDynamics on loopback");

program
  .command("start", { isDefault: true })
  .description("start both simulators and print how to reach them")
  .option("--seed <file>", "seed file", DEFAULT_SEED_PATH)
  .option("--bitbucket-port <port>", "Bitbucket port (0 = any free port)", "0")
  .option("--devdynamics-port <port>", "DevDynamics port (0 = any free port)", "0")
  .option(
    "--hourly-budget <requests>",
    "Bitbucket requests per hour and resource group, per user (API tokens), access token or OAuth consumer",
    "1000",
  )
  .option("--credential <id>", "the seeded credential to print export lines for (default owner-api-token)")
  .option("--show-secrets", "print the seeded credentials' secrets", false)
  .action(async (options) => {
    const seed = loadSeed(options.seed);
    handOffCredential(seed.bitbucket.credentials, options.credential); // an unknown id fails before anything starts
    const sandbox = await startSandbox({
      seed,
      bitbucketPort: Number(options.bitbucketPort),
      devdynamicsPort: Number(options.devdynamicsPort),
      hourlyRequestBudget: Number(options.hourlyBudget),
    });
    console.log(describeSandbox(sandbox, { credential: options.credential, showSecrets: options.showSecrets }));
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

program.parseAsync().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
