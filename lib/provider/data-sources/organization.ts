import { defineDataSource } from "../../tfplugin";
import type { ProviderContext } from "../configuration";
import { explained } from "../problems";

/** `devdynamics_organization`: checks the DevDynamics API key at plan time. No Bitbucket request. */
export const organization = defineDataSource<ProviderContext>()({
  typeName: "devdynamics_organization",
  schema: {
    description: "The DevDynamics organization the API key belongs to.",
    attributes: {
      id: { type: "string", computed: true, description: "Organization id (org_…)." },
      name: { type: "string", computed: true, description: "Organization name." },
    },
  },
  async read(_config, { provider }) {
    const org = await explained("read the DevDynamics organization of the API key", () =>
      provider.devdynamics().getOrganization(),
    );
    return { id: org.id, name: org.name };
  },
});
