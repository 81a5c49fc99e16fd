import { describeBadInputs, SETTINGS_AND_READS } from "./bad-inputs-harness";

// Secrets shaped as Atlassian issues them, none of them seeded (so Bitbucket knows none).
const APP_PASSWORD = "ATBB3xFfGF0kq2VbN9RmT7wZcX4yH8uJ";
const ACCESS_TOKEN = "ATCTT3xFfGF0Zq8XcV2bN7mK4jH1gF6dS9aP3oI5uY2tR";
const API_TOKEN = "ATATT3xFfGF0Lm4Nk8Jh2Gf6Ds1Az9Xc3Vb7Qw5Er0Ty=0A1B2C3D";

/** The seeded owner's email. */
const SAM = "sam.rivera@acme.example";

describeBadInputs("bad inputs: credentials and what the data sources read", [
  {
    name: "emails and usernames",
    shape: SETTINGS_AND_READS,
    cases: [
      {
        what: "BITBUCKET_EMAIL holding the Bitbucket username",
        stage: "validate",
        env: { BITBUCKET_EMAIL: "sam" },
        says: [
          /Error: Invalid bitbucket_email/,
          /"sam" looks like a Bitbucket username, not an email\. API tokens authenticate with your Atlassian account email .* \(from environment variable BITBUCKET_EMAIL\)/,
        ],
      },
      {
        what: "bitbucket_email holding the Bitbucket username, in the provider block",
        stage: "validate",
        values: { bitbucket_email: "sam" },
        says: [
          /Error: Invalid bitbucket_email .* in provider "devdynamics"/,
          /looks like a Bitbucket username, not an email/,
        ],
      },
      {
        what: "BITBUCKET_EMAIL holding the API token",
        stage: "validate",
        env: { BITBUCKET_EMAIL: API_TOKEN },
        says: [
          /Error: Invalid bitbucket_email/,
          /The email holds a token, not an email address\. Put the Atlassian account email in the email setting and the token in the token setting; revoke the token/,
        ],
      },
      {
        what: "BITBUCKET_EMAIL without a domain",
        stage: "validate",
        env: { BITBUCKET_EMAIL: "sam@acme" },
        says: [
          /Error: Invalid bitbucket_email/,
          /"sam@acme" is not a well-formed email address\. Use the email of your Atlassian account/,
        ],
      },
      {
        what: "BITBUCKET_EMAIL with a display name",
        stage: "validate",
        env: { BITBUCKET_EMAIL: `Sam Rivera <${SAM}>` },
        says: [/Error: Invalid bitbucket_email/, /is not a well-formed email address/],
      },
      {
        what: "BITBUCKET_EMAIL unset next to an API token",
        stage: "plan",
        env: { BITBUCKET_EMAIL: undefined },
        says: [
          /Error: Bitbucket credential cannot be used/,
          /An API token needs the Atlassian account email it belongs to\. Fix: Set the email of the Atlassian account that created the token \(BITBUCKET_EMAIL\)/,
        ],
      },
      {
        what: "BITBUCKET_EMAIL of another account than the token's",
        stage: "plan",
        env: { BITBUCKET_EMAIL: "alex.chen@acme.example" },
        says: [
          /Bitbucket refused the API token \(401\)/,
          /Fix: Check that the email is your Atlassian account email \(not your Bitbucket username\)/,
        ],
      },
    ],
  },
  {
    name: "credential mix-ups",
    shape: SETTINGS_AND_READS,
    cases: [
      {
        what: "an app password as BITBUCKET_API_TOKEN",
        stage: "validate",
        env: { BITBUCKET_API_TOKEN: APP_PASSWORD },
        says: [
          /Error: Invalid bitbucket_api_token/,
          /That secret is a Bitbucket app password \(ATBB…\)\. App passwords were removed from Bitbucket Cloud on 2026-07-28\. Create an API token .* \(from environment variable BITBUCKET_API_TOKEN\)/,
        ],
      },
      {
        what: "an app password as BITBUCKET_ACCESS_TOKEN",
        stage: "validate",
        env: ({ only }) => only("workspace-access-token", { BITBUCKET_ACCESS_TOKEN: APP_PASSWORD }),
        says: [/Error: Invalid bitbucket_access_token/, /That secret is a Bitbucket app password \(ATBB…\)/],
      },
      {
        what: "an access token as BITBUCKET_API_TOKEN",
        stage: "validate",
        env: { BITBUCKET_API_TOKEN: ACCESS_TOKEN },
        says: [
          /Error: Invalid bitbucket_api_token/,
          /That token looks like a repository, project or workspace access token \(ATCTT…\), not an API token\. Configure it as an access token; access tokens are sent without an email/,
        ],
      },
      {
        what: "an API token as BITBUCKET_ACCESS_TOKEN",
        stage: "validate",
        env: ({ only }) => only("workspace-access-token", { BITBUCKET_ACCESS_TOKEN: API_TOKEN }),
        says: [
          /Error: Invalid bitbucket_access_token/,
          /That token looks like an Atlassian API token \(ATATT…\), not an access token\. Configure it as an API token together with your Atlassian account email/,
        ],
      },
      {
        what: "an API token as BITBUCKET_OAUTH_CLIENT_SECRET",
        stage: "validate",
        env: ({ only }) => only("oauth-consumer", { BITBUCKET_OAUTH_CLIENT_SECRET: API_TOKEN }),
        says: [
          /Error: Invalid bitbucket_oauth_client_secret/,
          /That token looks like an Atlassian API token \(ATATT…\), not an OAuth consumer\. Configure it as an API token/,
        ],
      },
      {
        what: "an API token and an access token at once",
        stage: "plan",
        env: { BITBUCKET_ACCESS_TOKEN: ACCESS_TOKEN },
        says: [
          /Error: Bitbucket credential cannot be used/,
          /Several Bitbucket credentials are configured \(an API token, an access token\)\. Fix: Configure exactly one: an API token \(BITBUCKET_EMAIL, BITBUCKET_API_TOKEN\), an access token \(BITBUCKET_ACCESS_TOKEN\), or an OAuth consumer/,
        ],
      },
      {
        what: "an API token and an OAuth consumer at once",
        stage: "plan",
        env: ({ only }) => only("oauth-consumer", { BITBUCKET_EMAIL: SAM, BITBUCKET_API_TOKEN: API_TOKEN }),
        says: [
          /Several Bitbucket credentials are configured \(an API token, an OAuth consumer\)\. Fix: Configure exactly one/,
        ],
      },
      {
        what: "no credential at all",
        stage: "plan",
        env: ({ only }) => only("owner-api-token", { BITBUCKET_API_TOKEN: undefined }),
        says: [
          /Error: Bitbucket credential cannot be used/,
          /No Bitbucket credential is configured\. Fix: Set an API token \(BITBUCKET_EMAIL, BITBUCKET_API_TOKEN\), an access token \(BITBUCKET_ACCESS_TOKEN\), or an OAuth consumer \(BITBUCKET_OAUTH_CLIENT_ID, BITBUCKET_OAUTH_CLIENT_SECRET\)/,
        ],
      },
      {
        what: "an OAuth client id without its secret",
        stage: "plan",
        env: ({ only }) => only("oauth-consumer", { BITBUCKET_OAUTH_CLIENT_SECRET: undefined }),
        says: [
          /Error: Bitbucket credential cannot be used/,
          /The OAuth consumer's secret is missing\. Fix: Copy the Secret from workspace settings → OAuth consumers \(BITBUCKET_OAUTH_CLIENT_SECRET\)/,
        ],
      },
      {
        what: "an OAuth client secret without its id",
        stage: "plan",
        env: ({ only }) => only("oauth-consumer", { BITBUCKET_OAUTH_CLIENT_ID: undefined }),
        says: [
          /The OAuth consumer's key \(client id\) is missing\. Fix: Copy the Key from workspace settings → OAuth consumers \(BITBUCKET_OAUTH_CLIENT_ID\)/,
        ],
      },
      {
        what: "an API token Bitbucket does not know",
        stage: "plan",
        env: { BITBUCKET_API_TOKEN: API_TOKEN },
        says: [
          /Error: The Bitbucket credential is not fit for DevDynamics: authentication failed/,
          /Bitbucket refused the API token \(401\).* Fix: Check that the email is your Atlassian account email/,
        ],
      },
      {
        what: "an access token where workspace webhooks need a user",
        stage: "plan",
        env: ({ only }) => only("workspace-access-token"),
        says: [
          /Access tokens act as no user, so they cannot manage workspace webhooks/,
          /Fix: .*choose one webhook per repository/,
        ],
      },
    ],
  },
  {
    name: "workspace IDs",
    shape: SETTINGS_AND_READS,
    cases: [
      {
        what: "upper case",
        stage: "validate",
        values: { workspace: "ACME" },
        says: [
          /Error: Invalid workspace .* in data "devdynamics_bitbucket_credentials" "check"/,
          /"ACME" is not a Bitbucket Workspace ID: Workspace IDs are lower case, use "acme"/,
        ],
      },
      {
        what: "the display name",
        stage: "validate",
        values: { workspace: "Acme Corp" },
        says: [
          /Error: Invalid workspace/,
          /"Acme Corp" is not a Bitbucket Workspace ID: use the slug from the workspace URL \(bitbucket\.org\/<workspace-id>\)/,
        ],
      },
      {
        what: "10 KB long, never echoed whole",
        stage: "validate",
        values: { workspace: "acme".repeat(2_560) },
        says: [/Error: Invalid workspace/, /"(acme){10}…" is not a Bitbucket Workspace ID/],
      },
      {
        what: "the workspace URL",
        stage: "validate",
        values: { workspace: "https://bitbucket.org/acme/" },
        says: [/Error: Invalid workspace/, /is not a Bitbucket Workspace ID: use the slug from the workspace URL/],
      },
      {
        what: "a malformed UUID",
        stage: "validate",
        values: { workspace: "{acme-0000}" },
        says: [/Error: Invalid workspace/, /"\{acme-0000\}" is not a Bitbucket Workspace ID/],
      },
      {
        what: "one that does not exist",
        stage: "plan",
        values: { workspace: "no-such-workspace" },
        says: [
          /Error: The Bitbucket credential is not fit for DevDynamics: workspace not found/,
          /Workspace no-such-workspace does not exist or this credential cannot see it\. Fix: Check the Workspace ID/,
        ],
      },
    ],
  },
  {
    name: "required_scopes and webhook_subject",
    shape: SETTINGS_AND_READS,
    cases: [
      {
        what: "an unknown scope",
        stage: "validate",
        values: { required_scopes: ["webhooks:all"] },
        says: [
          /Error: Invalid required_scopes/,
          /unknown scope "webhooks:all"; API tokens take granular scopes \(such as read:repository:bitbucket\), access tokens and OAuth consumers classic ones \(such as repository\)/,
        ],
      },
      {
        what: "a granular scope without its :bitbucket suffix",
        stage: "validate",
        values: { required_scopes: ["read:repository", "read:webhook:bitbucket"] },
        says: [/Error: Invalid required_scopes/, /did you mean "read:repository" → read:repository:bitbucket\?/],
      },
      {
        what: "a classic scope in upper case",
        stage: "validate",
        values: { required_scopes: ["REPOSITORY"] },
        says: [/Error: Invalid required_scopes/, /did you mean "REPOSITORY" → repository\?/],
      },
      {
        what: "a classic scope required of an API token",
        stage: "plan",
        values: { required_scopes: ["webhook", "read:webhook:bitbucket"] },
        says: [
          /Error: The Bitbucket credential is not fit for DevDynamics: unknown scope/,
          /webhook is a classic scope, which an API token cannot hold: API tokens use granular scopes\. Fix: Require granular scopes for an API token, such as read:user:bitbucket/,
        ],
      },
      {
        what: "an unknown webhook_subject",
        stage: "validate",
        values: { webhook_subject: "repositories" },
        says: [/Error: Invalid webhook_subject/, /must be "workspace" or "repository"/],
      },
    ],
  },
  {
    name: "project keys",
    shape: SETTINGS_AND_READS,
    cases: [
      {
        what: "one that does not exist",
        stage: "plan",
        values: { project_keys: ["PLAT", "NOPE"] },
        says: [
          /Error: Project not found/,
          /Workspace acme has no project with the key NOPE \(or the credential cannot see it\)\. Fix: Use the key shown in the project's settings/,
        ],
      },
      {
        what: "lower case",
        stage: "validate",
        values: { project_keys: ["plat"] },
        says: [/Error: Invalid project_keys/, /project keys are upper case: use PLAT/],
      },
      {
        what: "the project's name",
        stage: "validate",
        values: { project_keys: ["Platform team"] },
        says: [
          /Error: Invalid project_keys/,
          /"Platform team" is not a project key: use the key shown in the project's settings/,
        ],
      },
    ],
  },
  {
    name: "name and exclude patterns",
    shape: SETTINGS_AND_READS,
    cases: [
      {
        what: "an unbalanced bracket",
        stage: "validate",
        values: { name_patterns: ["api-["] },
        says: [
          /Error: Invalid name_patterns/,
          /"api-\[" opens a "\[" class that never closes: add "\]" or escape the "\["/,
        ],
      },
      {
        what: "upper case",
        stage: "validate",
        values: { name_patterns: ["API-*"] },
        says: [
          /Error: Invalid name_patterns/,
          /"API-\*" has upper-case letters, but repository slugs are lower case: use "api-\*"/,
        ],
      },
      {
        what: "a workspace/ prefix",
        stage: "validate",
        values: { name_patterns: ["acme/api-*"] },
        says: [
          /Error: Invalid name_patterns/,
          /"acme\/api-\*" contains "\/": patterns match repository slugs, so leave out the workspace/,
        ],
      },
      {
        what: "an unbalanced brace in exclude",
        stage: "validate",
        values: { exclude: ["{web,app-*"] },
        says: [/Error: Invalid exclude/, /"\{web,app-\*" opens a "\{" that never closes: add "\}" or escape the "\{"/],
      },
      {
        what: "an empty exclude pattern",
        stage: "validate",
        values: { exclude: [""] },
        says: [/Error: Invalid exclude/, /a pattern must not be empty/],
      },
    ],
  },
]);
