import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { Sandbox, startSandbox } from "../../lib/sandbox";
import { credentialEnvironment } from "../../lib/sandbox/environment";
import { AcceptanceSteps } from "../support/acceptance";
import {
  installDevDynamicsProvider,
  PROVIDER_REQUIREMENT,
  providerWorkspace,
  seededSecrets,
} from "../support/provider";

/**
 * The whole set-up with a credential of the connection's own, passed as an ephemeral variable: what a pipeline
 * configures when DevDynamics should read Bitbucket with another account than the provider's.
 */
const CONFIG = `${PROVIDER_REQUIREMENT}
variable "devdynamics_token" {
  type      = string
  sensitive = true
  ephemeral = true
}
variable "rotation" {
  type    = string
  default = "1"
}
data "devdynamics_bitbucket_credentials" "check" {
  workspace       = "acme"
  webhook_subject = "repository"
}
resource "devdynamics_bitbucket_connection" "acme" {
  workspace               = data.devdynamics_bitbucket_credentials.check.workspace
  repositories            = { "api-gateway" = "", "web-app" = "" }
  credential_kind         = "api_token"
  credential_username     = "sam.rivera@acme.example"
  credential_secret_wo    = var.devdynamics_token
  webhook_secret_rotation = var.rotation
}
ephemeral "devdynamics_bitbucket_webhook_secret" "acme" {
  connection_id = devdynamics_bitbucket_connection.acme.id
  revision      = devdynamics_bitbucket_connection.acme.webhook_secret_revision
}
resource "devdynamics_bitbucket_repository_webhooks" "acme" {
  workspace    = "acme"
  repositories = { "api-gateway" = "", "web-app" = "" }
  url          = devdynamics_bitbucket_connection.acme.webhook_url
  secret_wo    = ephemeral.devdynamics_bitbucket_webhook_secret.acme.secret
}
`;

/**
 * Secrets in every artifact of a lifecycle — state and its backups, a saved plan and its JSON, Terraform's trace log
 * with the provider's stderr in it — in none of the forms that would give them away: as they are, base64 (as in an
 * Authorization header), or hashed without salt.
 */
describe("devdynamics provider: no secret in any artifact of a lifecycle", () => {
  let sandbox: Sandbox;
  let acme: AcceptanceSteps;
  const webhookSecrets: string[] = [];
  const printed: string[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox();
    const { cliConfig } = await installDevDynamicsProvider();
    const token = credentialEnvironment(sandbox, "owner-api-token").BITBUCKET_API_TOKEN;
    const ws = providerWorkspace(sandbox, cliConfig, "owner-api-token", {
      TF_VAR_devdynamics_token: token,
      TF_LOG: "trace",
      TF_LOG_PATH: "trace.log",
    });
    acme = await new AcceptanceSteps(ws).configure(CONFIG);
    const remember = () => webhookSecrets.push(sandbox.devdynamics.integrations()[0].webhookSecret);

    printed.push(await acme.apply());
    remember();
    printed.push(await ws.okAsync(["plan", "-input=false", "-no-color", "-out=saved.tfplan", "-var", "rotation=2"]));
    printed.push(await ws.okAsync(["show", "-json", "saved.tfplan"]));
    printed.push(await acme.apply(["-var", "rotation=2"]));
    remember();
    printed.push(await ws.okAsync(["show", "-json"]));
    printed.push(await acme.destroy());
  });
  afterAll(() => sandbox.stop());

  /** Every secret involved, in each form that would reveal it. */
  function revealingForms(): { name: string; form: string }[] {
    const email = credentialEnvironment(sandbox, "owner-api-token").BITBUCKET_EMAIL;
    const secrets = [
      ...seededSecrets(sandbox).map((secret, i) => ({ name: `seeded secret #${i}`, secret })),
      ...webhookSecrets.map((secret, i) => ({ name: `webhook secret #${i}`, secret })),
    ];
    return secrets.flatMap(({ name, secret }) => [
      { name: `${name} as is`, form: secret },
      { name: `${name} in base64`, form: Buffer.from(secret).toString("base64").replace(/=+$/, "") },
      { name: `${name} as Basic with the email`, form: Buffer.from(`${email}:${secret}`).toString("base64") },
      { name: `${name} as unsalted SHA-256`, form: createHash("sha256").update(secret).digest("hex") },
    ]);
  }

  /** The files the lifecycle wrote in the working directory, but for the provider's own executable. */
  function artifacts(): { file: string; text: string }[] {
    const dir = acme.ws.dir;
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && !entry.parentPath.includes(join(".terraform", "providers")))
      .map((entry) => join(entry.parentPath, entry.name))
      .map((file) => ({ file: relative(dir, file), text: readFileSync(file).toString("latin1") }));
  }

  it("the lifecycle wrote state, backups, a saved plan and a trace log with the provider's log in it", () => {
    const files = artifacts().map((a) => a.file);
    expect(files).toEqual(expect.arrayContaining(["terraform.tfstate", "terraform.tfstate.backup", "saved.tfplan"]));
    const trace = artifacts().find((a) => a.file === "trace.log")!.text;
    expect(trace).toMatch(/provider\.terraform-provider-devdynamics/);
    expect(trace).toMatch(/ApplyResourceChange/);
    expect(webhookSecrets).toHaveLength(2);
    expect(webhookSecrets[0]).not.toBe(webhookSecrets[1]);
  });

  it("none holds any secret in any revealing form", () => {
    const found = [];
    const texts = [...artifacts(), ...printed.map((text, i) => ({ file: `output #${i}`, text }))];
    for (const { name, form } of revealingForms())
      for (const { file, text } of texts) if (text.includes(form)) found.push(`${name} in ${file}`);
    expect(found).toEqual([]);
  });
});
