// `npm start`: the whole cycle in a minute, offline. Starts the embedded sandbox (simulated Bitbucket Cloud and
// DevDynamics), runs `cdktf deploy` of main.ts against it, simulates a push and a pull request, and prints what
// happened: the credential check, the connection, the webhooks and the signed events DevDynamics received.
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { startSandbox } from "../lib/sandbox";
import { runCdktf, sandboxEnvironment } from "../lib/sandbox/cdktf";
import { bundleProvider } from "../lib/tfplugin/packaging";
import { PROVIDER_BUNDLE } from "./bundle-provider";

const ROOT = join(__dirname, "..");
const CREDENTIAL = "owner-api-token";

interface StateResource {
  readonly mode: string;
  readonly type: string;
  readonly instances: { readonly index_key?: string; readonly attributes: Record<string, unknown> }[];
}

async function main(): Promise<number> {
  const started = Date.now();
  const step = (text: string) => console.log(`▸ ${text}`);
  step("starting the sandbox (simulated Bitbucket Cloud and DevDynamics on loopback)");
  const sandbox = await startSandbox();
  try {
    step("bundling the devdynamics Terraform provider");
    await bundleProvider(join(ROOT, "lib", "provider", "main.ts"), PROVIDER_BUNDLE);
    // A fixed path keeps Terraform's backend configuration stable; the sandbox is new, so the old state goes.
    const stateFile = join(ROOT, ".tmp", "sandbox", "terraform.tfstate");
    rmSync(stateFile, { force: true });
    const env = sandboxEnvironment(sandbox, CREDENTIAL, { stateFile });
    step(`cdktf deploy of main.ts into workspace ${env.BITBUCKET_WORKSPACE}, as ${env.BITBUCKET_EMAIL} (API token)`);
    const deploy = await runCdktf(["deploy", "--auto-approve"], { cwd: ROOT, env });
    if (deploy.code !== 0) {
      console.error(deploy.output);
      console.error(`cdktf deploy failed (exit ${deploy.code}); its output is above.`);
      return 1;
    }
    const deployRequests = sandbox.bitbucket.server.log.count();

    step("simulating a push to api-gateway and a pull request on web-app");
    await sandbox.bitbucket.simulateEvent({ workspace: "acme", repository: "api-gateway", event: "repo:push" });
    await sandbox.bitbucket.simulateEvent({ workspace: "acme", repository: "web-app", event: "pullrequest:created" });

    const state = JSON.parse(readFileSync(env.DEVDYNAMICS_STATE_FILE!, "utf8")) as { resources: StateResource[] };
    const of = (type: string) => state.resources.filter((r) => r.type === type).flatMap((r) => r.instances);
    const check = of("devdynamics_bitbucket_credentials")[0].attributes;
    const connection = of("devdynamics_bitbucket_connection")[0].attributes;
    // One workspace hook, or (DEVDYNAMICS_WEBHOOK_SUBJECT=repository) one per repository, by slug.
    const hooks = [
      ...of("devdynamics_bitbucket_workspace_webhook").map((h) => ({
        id: h.attributes.id as string,
        on: "workspace acme",
        url: h.attributes.url as string,
      })),
      ...of("devdynamics_bitbucket_repository_webhooks").flatMap((h) =>
        Object.entries(h.attributes.hooks as Record<string, string>).map(([slug, id]) => ({
          id,
          on: `repository ${slug}`,
          url: h.attributes.url as string,
        })),
      ),
    ];
    const events = sandbox.devdynamics.acceptedEvents(connection.id as string);

    console.log(`
Credential check   ✔ ${check.credential_kind} of ${check.account}, ${check.permission} of workspace acme ${check.workspace_uuid}
                     scopes: ${(check.scopes as string[]).join(", ")}
Connection         ✔ ${connection.id}  status ${connection.status}  repositories: ${selected(connection.repositories)}
Webhooks           ${hooks.map((h) => `✔ ${h.id} on ${h.on} → ${h.url}`).join("\n                   ")}
Events received    ${events.map((e) => `✔ ${e.eventKey} (signature verified, hook ${e.hookUuid})`).join("\n                   ")}
Bitbucket requests ${deployRequests} for the deploy (credential checks, hook list, create; the rest DevDynamics verifying)
Done in ${((Date.now() - started) / 1000).toFixed(0)} s. Run \`npm test\` for the tests; README.md explains real deployments.`);
    return events.length === 2 ? 0 : 1;
  } finally {
    await sandbox.stop();
  }
}

/** The connection's selection (a map keyed by slug, or null for every repository), as a line of slugs. */
function selected(repositories: unknown): string {
  return repositories ? Object.keys(repositories).join(", ") : "all";
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
