import axios, { AxiosInstance } from "axios";
import type { Sandbox, SeedCredential } from "../../lib/sandbox";

/** The seeded credential with this id. */
export function seedCredential(sandbox: Sandbox, id: string): SeedCredential {
  const credential = sandbox.bitbucket.state.credentials.find((c) => c.id === id);
  if (!credential) throw new Error(`no credential ${id} in the seed`);
  return credential;
}

/**
 * A raw axios instance that authenticates to the Bitbucket simulator as a seeded credential does against the
 * real service, for tests of the simulator itself (the product's client lives in lib/bitbucket).
 */
export async function rawBitbucket(sandbox: Sandbox, id?: string): Promise<AxiosInstance> {
  const headers: Record<string, string> = {};
  const credential = id ? seedCredential(sandbox, id) : undefined;
  const basic = (user: string, secret: string) => `Basic ${Buffer.from(`${user}:${secret}`).toString("base64")}`;
  switch (credential?.kind) {
    case "api_token":
      headers.Authorization = basic(sandbox.bitbucket.state.users.get(credential.user)!.email, credential.token);
      break;
    case "access_token":
      headers.Authorization = `Bearer ${credential.token}`;
      break;
    case "app_password":
      headers.Authorization = basic(credential.user, credential.password);
      break;
    case "oauth_consumer": {
      const token = await axios.post(sandbox.bitbucket.oauthTokenUrl, "grant_type=client_credentials", {
        headers: { Authorization: basic(credential.clientId, credential.clientSecret) },
      });
      headers.Authorization = `Bearer ${token.data.access_token}`;
      break;
    }
  }
  return axios.create({ baseURL: sandbox.bitbucket.url, headers, validateStatus: () => true });
}
