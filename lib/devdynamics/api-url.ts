import { credentialUrlProblem, normalizeApiUrl } from "../http/endpoint";
import type { EndpointSetting } from "../http/endpoint-failures";

// The DevDynamics API URL's rules. Imports nothing heavy: the constructs check it at synth.

/** Where the URL comes from, as errors name it. The contract assumes no default host. */
export const DEVDYNAMICS_API_URL_SETTING: EndpointSetting = {
  setting: "devdynamics_api_url (DEVDYNAMICS_API_URL)",
  example: "https://devdynamics.example.com",
};

/** The base URL as the client uses it: a trailing `/v1` (every route starts with it) and slashes dropped. */
export function normalizeDevDynamicsApiUrl(url: string): string {
  return normalizeApiUrl(url, "/v1");
}

/** The API key travels to this URL: absolute, https (http only on loopback); a trailing `/v1` is fine. */
export function devDynamicsApiUrlProblem(url: string): string | undefined {
  return credentialUrlProblem(url, DEVDYNAMICS_API_URL_SETTING.example);
}
