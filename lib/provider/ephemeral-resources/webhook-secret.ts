import { defineEphemeralResource } from "../../tfplugin";
import type { ProviderContext } from "../configuration";
import { explained, problemError } from "../problems";

/**
 * `devdynamics_bitbucket_webhook_secret`: the connection's webhook signing secret, read from DevDynamics whenever
 * Terraform needs it (plan and apply) and handed to the webhook resources' write-only `secret_wo`, so it is kept in
 * no state and no saved plan. One DevDynamics request per opening; none to Bitbucket.
 */
export const webhookSecret = defineEphemeralResource<ProviderContext>()({
  typeName: "devdynamics_bitbucket_webhook_secret",
  schema: {
    description:
      "The webhook signing secret of a `devdynamics_bitbucket_connection`, for the webhook resources' `secret_wo`. Ephemeral: never stored in state or plans (Terraform ≥ 1.10).",
    markdown: true,
    attributes: {
      connection_id: {
        type: "string",
        required: true,
        description: "The connection's `id`.",
        markdown: true,
        validate: (id: string) =>
          /^bbi_[A-Za-z0-9]+$/.test(id) ? undefined : "must be a connection id (bbi_…): use the connection's id",
      },
      revision: {
        type: "number",
        optional: true,
        computed: true,
        description:
          "Pass the connection's `webhook_secret_revision`: in a plan that rotates the secret it is unknown, so the secret is read at apply, after the rotation. Afterwards: the revision that was read.",
        markdown: true,
      },
      secret: {
        type: "string",
        computed: true,
        sensitive: true,
        description: "The signing secret.",
      },
      url: { type: "string", computed: true, description: "Where Bitbucket delivers events (the connection's)." },
    },
  },
  async open(config, ctx) {
    const current = await explained(`read the webhook secret of DevDynamics connection ${config.connection_id}`, () =>
      ctx.provider.devdynamics().getWebhookSecret(config.connection_id),
    );
    if (config.revision !== null && config.revision !== current.revision)
      throw problemError("The webhook secret changed while Terraform ran", {
        message: `The plan expected revision ${config.revision}; DevDynamics has ${current.revision}, so someone rotated it meanwhile.`,
        fix: "Run the apply again: the next plan reads the current secret.",
      });
    return { result: { secret: current.secret, url: current.url, revision: current.revision } };
  },
});
