import { checkCredential, isWebhookSubject, requiredScopesProblem } from "../../bitbucket";
import { defineDataSource } from "../../tfplugin";
import type { ProviderContext } from "../configuration";
import { explained, failOn } from "../problems";
import { workspaceAttribute } from "../workspace-attribute";

/**
 * `devdynamics_bitbucket_credentials`: at plan time, checks that the provider's Bitbucket credential authenticates,
 * holds every required scope and may create the webhooks, and fails the plan with every problem and its fix.
 * One Bitbucket request (two for OAuth consumers, counting their token).
 */
export const bitbucketCredentials = defineDataSource<ProviderContext>()({
  typeName: "devdynamics_bitbucket_credentials",
  schema: {
    description: "Checks the provider's Bitbucket credential before anything changes.",
    attributes: {
      workspace: workspaceAttribute(),
      required_scopes: {
        type: ["list", "string"],
        optional: true,
        description: "Scopes the credential must hold, in its own vocabulary. Default: the scopes DevDynamics needs.",
        validate: (scopes: string[]) => requiredScopesProblem(scopes),
      },
      webhook_subject: {
        type: "string",
        optional: true,
        description:
          "Where the webhooks will live: `workspace` (one workspace webhook: needs the workspace owner) or `repository` (a webhook per repository). Default `workspace`.",
        markdown: true,
        validate: (v: string) => (isWebhookSubject(v) ? undefined : 'must be "workspace" or "repository"'),
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
    const subject =
      config.webhook_subject !== null && isWebhookSubject(config.webhook_subject)
        ? config.webhook_subject
        : "workspace";
    const report = await explained(`check the Bitbucket credential for workspace ${config.workspace}`, () =>
      checkCredential(provider.bitbucket(), {
        workspace: config.workspace,
        requiredScopes: config.required_scopes ?? undefined,
        webhookSubject: subject,
      }),
    );
    failOn(
      (p) => `The Bitbucket credential is not fit for DevDynamics: ${(p.code ?? "problem").replace(/_/g, " ")}`,
      report.problems,
    );
    return {
      credential_kind: report.credentialKind,
      account: report.account ?? "",
      scopes: [...report.scopes],
      workspace_uuid: report.workspaceUuid ?? "",
      permission: report.permission ?? "",
    };
  },
});
