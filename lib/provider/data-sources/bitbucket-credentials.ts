import { checkCredential, WebhookScope } from "../../bitbucket";
import { DataSourceDefinition, DiagnosticsError } from "../../tfplugin";
import type { ProviderContext } from "../configuration";

/**
 * `devdynamics_bitbucket_credentials`: at plan time, checks that the provider's Bitbucket credential authenticates,
 * holds every required scope and may create the webhooks, and fails the plan with every problem and its fix.
 * One Bitbucket request (two for OAuth consumers, counting their token).
 */
export const bitbucketCredentials: DataSourceDefinition<ProviderContext> = {
  typeName: "devdynamics_bitbucket_credentials",
  schema: {
    description: "Checks the provider's Bitbucket credential before anything changes.",
    attributes: {
      workspace: { type: "string", required: true, description: "Bitbucket Workspace ID (slug)." },
      required_scopes: {
        type: ["list", "string"],
        optional: true,
        description: "Scopes the credential must hold, in its own vocabulary. Default: the scopes DevDynamics needs.",
      },
      webhook_scope: {
        type: "string",
        optional: true,
        description:
          "`workspace` (one workspace webhook: needs the workspace owner) or `repository` (a webhook per repository). Default `workspace`.",
        markdown: true,
        validate: (v) => (v === "workspace" || v === "repository" ? undefined : 'must be "workspace" or "repository"'),
      },
      credential_kind: {
        type: "string",
        computed: true,
        description: "api_token, access_token or oauth_client_credentials.",
      },
      account: {
        type: "string",
        computed: true,
        description: "The account the credential acts as (empty for access tokens).",
      },
      scopes: { type: ["list", "string"], computed: true, description: "The scopes the credential holds." },
      workspace_uuid: { type: "string", computed: true, description: "The workspace's UUID, in braces." },
      permission: {
        type: "string",
        computed: true,
        description: "The account's role in the workspace (empty for access tokens).",
      },
    },
  },
  async read(config, { provider }) {
    const report = await checkCredential(provider.bitbucket(), {
      workspace: config.workspace as string,
      requiredScopes: (config.required_scopes as string[] | null) ?? undefined,
      webhookScope: ((config.webhook_scope as WebhookScope | null) ?? "workspace") as WebhookScope,
    });
    if (report.problems.length > 0) {
      throw new DiagnosticsError([
        {
          severity: "error",
          summary: `The Bitbucket credential is not fit for DevDynamics (${report.problems.length} problem${report.problems.length === 1 ? "" : "s"})`,
          detail: report.problems.map((p, i) => `${i + 1}. ${p.message}\n   Fix: ${p.fix}`).join("\n"),
        },
      ]);
    }
    return {
      credential_kind: report.credentialKind,
      account: report.account ?? "",
      scopes: [...report.scopes],
      workspace_uuid: report.workspaceUuid ?? "",
      permission: report.permission ?? "",
    };
  },
};
