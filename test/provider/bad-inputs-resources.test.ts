import { CONNECTION, describeBadInputs, WEBHOOKS } from "./bad-inputs-harness";

const HOOK_UUID = "{0b8f3f2e-5b1a-4c4e-9a51-1c3f0d0d7a10}";
const WORKSPACE_HOOK = "devdynamics_bitbucket_workspace_webhook.acme";
const REPOSITORY_HOOK = "devdynamics_bitbucket_repository_webhook.billing";
const REPOSITORY_HOOKS = "devdynamics_bitbucket_repository_webhooks.platform";
const CONNECTION_ADDRESS = "devdynamics_bitbucket_connection.acme";
const SAM = "sam.rivera@acme.example";
const APP_PASSWORD = "ATBB3xFfGF0kq2VbN9RmT7wZcX4yH8uJ";
const API_TOKEN = "ATATT3xFfGF0Lm4Nk8Jh2Gf6Ds1Az9Xc3Vb7Qw5Er0Ty=0A1B2C3D";

/** A hook URL refused as an internal address, on each of the three webhook resources. */
const internal = (what: string, url: string, shown: string) => ({
  what,
  stage: "validate" as const,
  values: { url },
  says: [
    /Error: Invalid url .* "devdynamics_bitbucket_workspace_webhook" "acme"/,
    /Error: Invalid url .* "devdynamics_bitbucket_repository_webhooks" "platform"/,
    new RegExp(
      `points to an internal, non-routable address \\(${shown}\\), which Bitbucket refuses to deliver to: use a public host name that Bitbucket can reach`,
    ),
  ],
});

describeBadInputs("bad inputs: resources", [
  {
    name: "events",
    shape: WEBHOOKS,
    cases: [
      {
        what: "an unknown event key",
        stage: "validate",
        values: { repository_events: ["repo:push", "pullrequest:merged"] },
        says: [
          /Error: Invalid events .* "devdynamics_bitbucket_repository_webhook" "billing"/,
          /unknown event key pullrequest:merged; repository webhooks accept: repo:push, .*pullrequest:fulfilled/,
        ],
      },
      {
        what: "a workspace-only event on repository webhooks",
        stage: "validate",
        values: { repository_events: ["repo:push", "repo:created"] },
        says: [
          /Error: Invalid events .* "devdynamics_bitbucket_repository_webhooks" "platform"/,
          /repo:created can only be sent by a workspace webhook: remove it or use a workspace webhook/,
        ],
      },
      {
        what: "an issue:* event, gone since the issue tracker's sunset",
        stage: "validate",
        values: { workspace_events: ["repo:push", "issue:created"] },
        says: [
          /Error: Invalid events .* "devdynamics_bitbucket_workspace_webhook" "acme"/,
          /issue:created: Bitbucket removed its issue tracker and the issue:\* events on 2026-08-20; remove it/,
        ],
      },
      {
        what: "no event at all",
        stage: "validate",
        values: { repository_events: [] },
        says: [/Error: Invalid events/, /subscribe to at least one event, e\.g\. repo:push/],
      },
    ],
  },
  {
    name: "hook URLs",
    shape: WEBHOOKS,
    cases: [
      {
        what: "http to a host other than loopback",
        stage: "validate",
        values: { url: "http://hooks.devdynamics.example/bitbucket/acme" },
        says: [
          /Error: Invalid url .* "devdynamics_bitbucket_repository_webhook" "billing"/,
          /"http:\/\/hooks\.devdynamics\.example\/bitbucket\/acme" must use https \(plain http is accepted only for localhost, 127\.0\.0\.1 and \[::1\]\)/,
        ],
      },
      internal("a private address (10.0.0.5)", "https://10.0.0.5/bitbucket/acme", "10\\.0\\.0\\.5"),
      internal(
        "the cloud metadata address (169.254.169.254)",
        "https://169.254.169.254/latest",
        "169\\.254\\.169\\.254",
      ),
      internal("a carrier-grade NAT address (100.64.x)", "https://100.64.12.1/bitbucket/acme", "100\\.64\\.12\\.1"),
      internal("a unique-local IPv6 address (fd00::)", "https://[fd00::5]/bitbucket/acme", "fd00::5"),
      internal("the unspecified address (0.0.0.0)", "https://0.0.0.0/bitbucket/acme", "0\\.0\\.0\\.0"),
      internal("10.0.0.5 written as one number", "https://167772165/bitbucket/acme", "10\\.0\\.0\\.5"),
      {
        what: "not a URL",
        stage: "validate",
        values: { url: "not a url" },
        says: [
          /Error: Invalid url/,
          /"not a url" is not an absolute URL: use an https URL such as the connection's webhook_url/,
        ],
      },
      {
        what: "without a scheme",
        stage: "validate",
        values: { url: "hooks.devdynamics.example/bitbucket/acme" },
        says: [/Error: Invalid url/, /is not an absolute URL: use an https URL/],
      },
    ],
  },
  {
    name: "secrets",
    shape: WEBHOOKS,
    cases: [
      {
        what: "129 characters",
        stage: "validate",
        values: { secret: "s".repeat(129) },
        says: [
          /Error: Invalid secret_wo .* "devdynamics_bitbucket_workspace_webhook" "acme"/,
          /the webhook secret has 129 characters, and Bitbucket accepts at most 128: use a shorter secret/,
        ],
      },
      {
        what: "200 characters, never echoed",
        stage: "validate",
        values: { secret: "9f3c1a7e5b2d8046".repeat(12) + "9f3c1a7e" },
        says: [/Error: Invalid secret_wo/, /the webhook secret has 200 characters/],
      },
    ],
  },
  {
    name: "repository slugs",
    shape: WEBHOOKS,
    cases: [
      {
        what: "a repository webhook on a repository that does not exist",
        stage: "plan",
        values: { repository: "no-such-repo" },
        says: [
          /Error: Repository not found .* "devdynamics_bitbucket_repository_webhook" "billing"/,
          /no-such-repo: no such repository in workspace acme, or the credential cannot see it\. Fix: Check the slugs against the repositories' URLs/,
        ],
      },
      {
        what: "repository webhooks on a repository that does not exist",
        stage: "plan",
        values: { repositories: { billing: "", "no-such-repo": "", "nor-this-one": "" } },
        says: [
          /Error: Repository not found .* "devdynamics_bitbucket_repository_webhooks" "platform"/,
          /no-such-repo, nor-this-one: no such repository in workspace acme/,
        ],
      },
      {
        what: "upper case",
        stage: "validate",
        values: { repository: "Billing" },
        says: [/Error: Invalid repository/, /repository slugs are lower case: use "billing"/],
      },
      {
        what: "workspace/slug",
        stage: "validate",
        values: { repository: "acme/billing" },
        says: [
          /Error: Invalid repository/,
          /"acme\/billing" is not a repository slug: use the last part of the repository's URL/,
        ],
      },
      {
        what: "an upper-case key of repositories",
        stage: "validate",
        values: { repositories: { "API-Gateway": "", billing: "" } },
        says: [/Error: Invalid repositories/, /repository slugs are lower case: use "api-gateway"/],
      },
      {
        what: "an empty map of repositories",
        stage: "validate",
        values: { repositories: {} },
        says: [
          /Error: Invalid repositories/,
          /the map is empty: name at least one repository, or leave the resource out \(a workspace webhook covers every repository\)/,
        ],
      },
    ],
  },
  {
    name: "the connection's repositories",
    shape: CONNECTION,
    cases: [
      {
        what: "a repository that does not exist",
        stage: "plan",
        values: { repositories: { billing: "", "no-such-repo": "" } },
        says: [
          /Error: Connection to DevDynamics cannot work: repository not found/,
          /Repository no-such-repo does not exist in workspace acme, or the credential cannot see it\. Fix: Check the slugs in repositories against/,
        ],
      },
      {
        what: "an empty selection",
        stage: "validate",
        values: { repositories: {} },
        says: [
          /Error: Invalid repositories/,
          /the selection is empty: name at least one repository, or leave repositories unset for all/,
        ],
      },
      {
        what: "upper case",
        stage: "validate",
        values: { repositories: { "API-Gateway": "" } },
        says: [/Error: Invalid repositories/, /repository slugs are lower case: use "api-gateway"/],
      },
      {
        what: "a workspace that does not exist",
        stage: "plan",
        values: { workspace: "no-such-workspace" },
        says: [
          /Error: Connection to DevDynamics cannot work: workspace not found/,
          /Workspace no-such-workspace does not exist or this credential cannot see it\. Fix: Check the Workspace ID/,
        ],
      },
      {
        what: "a workspace in upper case",
        stage: "validate",
        values: { workspace: "Acme" },
        says: [/Error: Invalid workspace/, /Workspace IDs are lower case, use "acme"/],
      },
    ],
  },
  {
    name: "the connection's own credential",
    shape: CONNECTION,
    cases: [
      {
        what: "an app_password kind",
        stage: "validate",
        values: { credential_kind: "app_password", credential_username: SAM, credential_secret: APP_PASSWORD },
        says: [
          /Error: Invalid credential_kind/,
          /must be one of api_token, access_token, oauth_client_credentials \(app passwords were removed on 2026-07-28\)/,
        ],
      },
      {
        what: "a username without a kind",
        stage: "validate",
        values: { credential_username: SAM },
        says: [
          /Error: Incomplete credential/,
          /Fix: Set credential_kind together with credential_username and credential_secret_wo, or leave all three unset/,
        ],
      },
      {
        what: "an access token with a username",
        stage: "validate",
        values: { credential_kind: "access_token", credential_username: SAM },
        says: [
          /Error: This credential kind has no username/,
          /an access token acts as no user\. Fix: Leave credential_username unset/,
        ],
      },
      {
        what: "an API token with the Bitbucket username",
        stage: "validate",
        values: { credential_kind: "api_token", credential_username: "sam", credential_secret: API_TOKEN },
        says: [
          /Error: Bitbucket credential cannot be used .* on main\.tf line \d+/,
          /"sam" looks like a Bitbucket username, not an email\. Fix: API tokens authenticate with your Atlassian account email/,
        ],
      },
      {
        what: "an app password as an API token",
        stage: "validate",
        values: { credential_kind: "api_token", credential_username: SAM, credential_secret: APP_PASSWORD },
        says: [
          /Error: Bitbucket credential cannot be used/,
          /That secret is a Bitbucket app password \(ATBB…\)\. Fix: App passwords were removed/,
        ],
      },
      {
        what: "an API token as an access token",
        stage: "validate",
        values: { credential_kind: "access_token", credential_secret: API_TOKEN },
        says: [
          /Error: Bitbucket credential cannot be used/,
          /That token looks like an Atlassian API token \(ATATT…\), not an access token\. Fix: Configure it as an API token/,
        ],
      },
      {
        what: "an API token Bitbucket does not know",
        stage: "plan",
        values: { credential_kind: "api_token", credential_username: SAM, credential_secret: API_TOKEN },
        says: [
          /Error: Connection to DevDynamics cannot work: authentication failed/,
          /Bitbucket refused the API token \(401\).* Fix: Check that the email is your Atlassian account email/,
        ],
      },
    ],
  },
  {
    name: "import IDs",
    shape: WEBHOOKS,
    cases: [
      {
        what: "a workspace webhook by its UUID alone",
        stage: "import",
        importing: [WORKSPACE_HOOK, HOOK_UUID],
        says: [
          /Error: Invalid import ID/,
          /Expected <workspace>\/\{<hook uuid>\}, got "\{0b8f3f2e.*Fix: Use the form of e\.g\. acme\/\{0b8f3f2e/,
        ],
      },
      {
        what: "a workspace webhook by a repository webhook's ID",
        stage: "import",
        importing: [WORKSPACE_HOOK, `acme/billing/${HOOK_UUID}`],
        says: [/Error: Invalid import ID/, /Expected <workspace>\/\{<hook uuid>\}, got "acme\/billing\//],
      },
      {
        what: "a workspace webhook in an upper-case workspace",
        stage: "import",
        importing: [WORKSPACE_HOOK, `ACME/${HOOK_UUID}`],
        says: [/Error: Invalid import ID/, /Expected <workspace>\/\{<hook uuid>\}, got "ACME\//],
      },
      {
        what: "a workspace webhook that does not exist",
        stage: "import",
        importing: [WORKSPACE_HOOK, `acme/${HOOK_UUID}`],
        says: [
          /Error: Cannot import non-existent remote object/,
          /Only pre-existing objects can be imported; check that the id is correct/,
        ],
      },
      {
        what: "a repository webhook without its repository",
        stage: "import",
        importing: [REPOSITORY_HOOK, `acme/${HOOK_UUID}`],
        says: [
          /Error: Invalid import ID/,
          /Expected <workspace>\/<repository>\/\{<hook uuid>\}, got "acme\/\{0b8f.*Fix: Use the form of e\.g\. acme\/api\/\{/,
        ],
      },
      {
        what: "a repository webhook in an upper-case repository",
        stage: "import",
        importing: [REPOSITORY_HOOK, `acme/Billing/${HOOK_UUID}`],
        says: [/Error: Invalid import ID/, /got "acme\/Billing\//],
      },
      {
        what: "a repository webhook by a number instead of its UUID",
        stage: "import",
        importing: [REPOSITORY_HOOK, "acme/billing/12345"],
        says: [/Error: Invalid import ID/, /got "acme\/billing\/12345"/],
      },
      {
        what: "repository webhooks, which adopt instead",
        stage: "import",
        importing: [REPOSITORY_HOOKS, "acme"],
        says: [/Error: Import not supported/, /devdynamics_bitbucket_repository_webhooks cannot be imported\. Fix: /],
      },
    ],
  },
  {
    name: "connection ids (import, the ephemeral webhook secret)",
    shape: CONNECTION,
    cases: [
      {
        what: "the webhook secret of a workspace instead of a connection",
        stage: "validate",
        values: { ephemeral_connection_id: "acme" },
        says: [
          /Error: Invalid connection_id .* in ephemeral "devdynamics_bitbucket_webhook_secret" "acme"/,
          /must be a connection id \(bbi_…\): use the connection's id/,
        ],
      },
      {
        what: "a workspace instead of the connection's id",
        stage: "import",
        importing: [CONNECTION_ADDRESS, "acme"],
        says: [
          /Error: Invalid import ID/,
          /Expected a connection id such as bbi_01j9…, got "acme"\. Fix: Copy the id from DevDynamics \(Settings → Integrations → Bitbucket\)/,
        ],
      },
      {
        what: "a connection that does not exist",
        stage: "import",
        importing: [CONNECTION_ADDRESS, "bbi_01j9doesnotexist"],
        says: [
          /Error: Connection not found/,
          /DevDynamics has no connection bbi_01j9doesnotexist in the organization of the API key\. Fix: Copy the id from DevDynamics/,
        ],
      },
    ],
  },
]);
