import type { DataSourceDefinition } from "../../tfplugin";
import type { ProviderContext } from "../configuration";

/** `devdynamics_organization`: checks the DevDynamics API key at plan time. No Bitbucket request. */
export const organization: DataSourceDefinition<ProviderContext> = {
  typeName: "devdynamics_organization",
  schema: {
    description: "The DevDynamics organization the API key belongs to.",
    attributes: {
      id: { type: "string", computed: true, description: "Organization id (org_…)." },
      name: { type: "string", computed: true, description: "Organization name." },
    },
  },
  async read(_config, { provider }) {
    const org = await provider.devdynamics().getOrganization();
    return { id: org.id, name: org.name };
  },
};
