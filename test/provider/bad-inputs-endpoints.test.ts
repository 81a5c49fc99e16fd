import { BadInputRig, describeBadInputs, Environment, SETTINGS_AND_READS } from "./bad-inputs-harness";

/** The seeded OAuth consumer instead of the owner's API token, with `extra` over it. */
const oauthConsumer = (extra: Environment) => (rig: BadInputRig) => rig.only("oauth-consumer", extra);

describeBadInputs("bad inputs: API URLs and the DevDynamics key", [
  {
    name: "API and OAuth URLs",
    shape: SETTINGS_AND_READS,
    cases: [
      {
        what: "BITBUCKET_API_URL over http to another host",
        stage: "validate",
        env: { BITBUCKET_API_URL: "http://bitbucket.example.com" },
        says: [
          /Error: Invalid bitbucket_api_url/,
          /"http:\/\/bitbucket\.example\.com" would send the credential in clear text: use https \(plain http is accepted only for localhost, 127\.0\.0\.1 and \[::1\]\) \(from environment variable BITBUCKET_API_URL\)/,
        ],
      },
      {
        what: "bitbucket_api_url over http to a private address, in the provider block",
        stage: "validate",
        values: { bitbucket_api_url: "http://10.1.2.3:7990" },
        says: [
          /Error: Invalid bitbucket_api_url .* in provider "devdynamics"/,
          /would send the credential in clear text: use https/,
        ],
      },
      {
        what: "BITBUCKET_API_URL not a URL",
        stage: "validate",
        env: { BITBUCKET_API_URL: "not a url" },
        says: [
          /Error: Invalid bitbucket_api_url/,
          /"not a url" is not an absolute https URL: use one such as https:\/\/api\.bitbucket\.org/,
        ],
      },
      {
        what: "BITBUCKET_API_URL ::garbage::",
        stage: "validate",
        env: { BITBUCKET_API_URL: "::garbage::" },
        says: [/Error: Invalid bitbucket_api_url/, /"::garbage::" is not an absolute https URL: use one such as/],
      },
      {
        what: "BITBUCKET_API_URL with a user name and password in it",
        stage: "validate",
        env: { BITBUCKET_API_URL: "https://sam:hunter2@api.bitbucket.org" },
        says: [
          /Error: Invalid bitbucket_api_url/,
          /"https:\/\/api\.bitbucket\.org" holds a user name or password: leave them out of the URL and configure the credential in its own settings/,
        ],
        neverSays: ["hunter2"],
      },
      {
        what: "BITBUCKET_API_URL on a host that does not resolve",
        stage: "plan",
        env: { BITBUCKET_API_URL: "https://no-such-host.invalid" },
        says: [
          /Cannot use bitbucket_api_url \(BITBUCKET_API_URL\) = "https:\/\/no-such-host\.invalid": the host name does not resolve \(ENOTFOUND\)\. Fix: Check the host name in bitbucket_api_url \(BITBUCKET_API_URL\) for typos/,
        ],
      },
      {
        what: "BITBUCKET_API_URL on a loopback port nothing listens on, over https",
        stage: "plan",
        env: { BITBUCKET_API_URL: "https://127.0.0.1:1" },
        says: [
          /Cannot use bitbucket_api_url \(BITBUCKET_API_URL\) = "https:\/\/127\.0\.0\.1:1": nothing accepts connections at that host and port \(ECONNREFUSED\)\. Fix: Check the host and port in bitbucket_api_url/,
        ],
      },
      {
        what: "BITBUCKET_API_URL over https to a plain-http port",
        stage: "plan",
        env: ({ sandbox }) => ({ BITBUCKET_API_URL: sandbox.bitbucket.url.replace(/^http:/, "https:") }),
        says: [
          /Cannot use bitbucket_api_url \(BITBUCKET_API_URL\) = "https:\/\/127\.0\.0\.1:\d+": the server does not speak TLS on that port \(\w+\)\. Fix: Check the scheme and port in bitbucket_api_url/,
        ],
      },
      {
        what: "BITBUCKET_API_URL with a path Bitbucket hosts no API at",
        stage: "plan",
        env: ({ sandbox }) => ({ BITBUCKET_API_URL: `${sandbox.bitbucket.url}/bitbucket` }),
        says: [
          /Cannot use bitbucket_api_url \(BITBUCKET_API_URL\) = "http:\/\/127\.0\.0\.1:\d+\/bitbucket": the server has no such endpoint \(404\)\. Fix: Correct bitbucket_api_url \(BITBUCKET_API_URL\): use one such as https:\/\/api\.bitbucket\.org/,
        ],
        neverSays: ["Workspace acme does not exist"],
      },
      {
        what: "BITBUCKET_API_URL with /2.0 (accepted)",
        stage: "accepted",
        env: ({ sandbox }) => ({ BITBUCKET_API_URL: `${sandbox.bitbucket.url}/2.0` }),
        says: [/No changes/],
      },
      {
        what: "BITBUCKET_OAUTH_TOKEN_URL over http to another host",
        stage: "validate",
        env: { BITBUCKET_OAUTH_TOKEN_URL: "http://bitbucket.example.com/site/oauth2/access_token" },
        says: [
          /Error: Invalid bitbucket_oauth_token_url/,
          /would send the credential in clear text: use https .* \(from environment variable BITBUCKET_OAUTH_TOKEN_URL\)/,
        ],
      },
      {
        what: "BITBUCKET_OAUTH_TOKEN_URL without a scheme",
        stage: "validate",
        env: { BITBUCKET_OAUTH_TOKEN_URL: "bitbucket.org/site/oauth2/access_token" },
        says: [
          /Error: Invalid bitbucket_oauth_token_url/,
          /is not an absolute https URL: use one such as https:\/\/bitbucket\.org\/site\/oauth2\/access_token/,
        ],
      },
      {
        what: "BITBUCKET_OAUTH_TOKEN_URL on a host that does not resolve",
        stage: "plan",
        env: oauthConsumer({ BITBUCKET_OAUTH_TOKEN_URL: "https://no-such-host.invalid/site/oauth2/access_token" }),
        says: [
          /Cannot use bitbucket_oauth_token_url \(BITBUCKET_OAUTH_TOKEN_URL\) = "https:\/\/no-such-host\.invalid\/site\/oauth2\/access_token": the host name does not resolve \(ENOTFOUND\)\. Fix: Check the host name in bitbucket_oauth_token_url/,
        ],
      },
      {
        what: "BITBUCKET_OAUTH_TOKEN_URL on a loopback port nothing listens on, over https",
        stage: "plan",
        env: oauthConsumer({ BITBUCKET_OAUTH_TOKEN_URL: "https://127.0.0.1:1/site/oauth2/access_token" }),
        says: [
          /Cannot use bitbucket_oauth_token_url \(BITBUCKET_OAUTH_TOKEN_URL\) = "https:\/\/127\.0\.0\.1:1\/site\/oauth2\/access_token": nothing accepts connections .* Fix: Check the host and port in bitbucket_oauth_token_url/,
        ],
      },
      {
        what: "BITBUCKET_OAUTH_TOKEN_URL with a wrong path",
        stage: "plan",
        env: ({ sandbox, only }) =>
          only("oauth-consumer", { BITBUCKET_OAUTH_TOKEN_URL: `${sandbox.bitbucket.url}/site/oauth2/token` }),
        says: [
          /Cannot use bitbucket_oauth_token_url \(BITBUCKET_OAUTH_TOKEN_URL\) = "http:\/\/127\.0\.0\.1:\d+\/site\/oauth2\/token": the server has no such endpoint \(404\)\. Fix: Correct bitbucket_oauth_token_url \(BITBUCKET_OAUTH_TOKEN_URL\): use one such as https:\/\/bitbucket\.org\/site\/oauth2\/access_token/,
        ],
        neverSays: ["Workspace acme does not exist"],
      },
      {
        what: "OAuth token URL derived from a BITBUCKET_API_URL with /2.0 (accepted)",
        stage: "accepted",
        env: ({ sandbox, only }) =>
          only("oauth-consumer", {
            BITBUCKET_API_URL: `${sandbox.bitbucket.url}/2.0/`,
            BITBUCKET_OAUTH_TOKEN_URL: undefined,
          }),
        says: [/No changes/],
      },
    ],
  },
  {
    name: "DevDynamics API key and URL",
    shape: SETTINGS_AND_READS,
    cases: [
      {
        what: "DEVDYNAMICS_API_URL over http to another host",
        stage: "validate",
        env: { DEVDYNAMICS_API_URL: "http://devdynamics.example.com/v1" },
        says: [
          /Error: Invalid devdynamics_api_url/,
          /"http:\/\/devdynamics\.example\.com\/v1" would send the credential in clear text: use https .* \(from environment variable DEVDYNAMICS_API_URL\)/,
        ],
      },
      {
        what: "devdynamics_api_url without a scheme, in the provider block",
        stage: "validate",
        values: { devdynamics_api_url: "devdynamics.example.com/v1" },
        says: [
          /Error: Invalid devdynamics_api_url .* in provider "devdynamics"/,
          /"devdynamics\.example\.com\/v1" is not an absolute https URL: use one such as https:\/\/devdynamics\.example\.com/,
        ],
      },
      {
        what: "DEVDYNAMICS_API_URL on a host that does not resolve",
        stage: "plan",
        env: { DEVDYNAMICS_API_URL: "https://no-such-host.invalid/v1" },
        says: [
          /Error: Could not read the DevDynamics organization of the API key/,
          /Cannot use devdynamics_api_url \(DEVDYNAMICS_API_URL\) = "https:\/\/no-such-host\.invalid": the host name does not resolve \(ENOTFOUND\)\. Fix: Check the host name in devdynamics_api_url/,
        ],
      },
      {
        what: "DEVDYNAMICS_API_URL on a loopback port nothing listens on, over https",
        stage: "plan",
        env: { DEVDYNAMICS_API_URL: "https://127.0.0.1:1" },
        says: [
          /Cannot use devdynamics_api_url \(DEVDYNAMICS_API_URL\) = "https:\/\/127\.0\.0\.1:1": nothing accepts connections/,
        ],
      },
      {
        what: "DEVDYNAMICS_API_URL naming another service",
        stage: "plan",
        env: ({ sandbox }) => ({ DEVDYNAMICS_API_URL: sandbox.bitbucket.url }),
        says: [
          /Error: Could not read the DevDynamics organization of the API key/,
          /DevDynamics answered GET \/v1\/me with 404.* Fix: Check that devdynamics_api_url \(DEVDYNAMICS_API_URL\) names the DevDynamics API, such as https:\/\/devdynamics\.example\.com/,
        ],
      },
      {
        what: "DEVDYNAMICS_API_URL with /v1 (accepted)",
        stage: "accepted",
        env: ({ sandbox }) => ({ DEVDYNAMICS_API_URL: `${sandbox.devdynamics.url}/v1` }),
        says: [/No changes/],
      },
      {
        what: "DEVDYNAMICS_API_URL unset",
        stage: "plan",
        env: { DEVDYNAMICS_API_URL: undefined },
        says: [
          /Error: DevDynamics API URL missing/,
          /Fix: Set devdynamics_api_url in the provider block, or DEVDYNAMICS_API_URL in Terraform's environment/,
        ],
      },
      {
        what: "DEVDYNAMICS_API_KEY wrong",
        stage: "plan",
        env: { DEVDYNAMICS_API_KEY: "ddk_0000000000000000000000000000000000000000" },
        says: [
          /Error: Could not read the DevDynamics organization of the API key/,
          /401 unauthorized.* Fix: Check DEVDYNAMICS_API_KEY \(or the provider's devdynamics_api_key\): it must be a current API key/,
        ],
      },
      {
        what: "DEVDYNAMICS_API_KEY holding a Bitbucket API token",
        stage: "plan",
        env: { DEVDYNAMICS_API_KEY: "ATATT3xFfGF0I16X95wkczmsXwO7xhpIxLU4pi5oiWbikfXrpAxnMR8=72122CE9" },
        says: [/401 unauthorized.* Fix: Check DEVDYNAMICS_API_KEY/],
      },
      {
        what: "DEVDYNAMICS_API_KEY unset",
        stage: "plan",
        env: { DEVDYNAMICS_API_KEY: undefined },
        says: [/Error: DevDynamics API key missing/, /Fix: Set DEVDYNAMICS_API_KEY in Terraform's environment/],
      },
    ],
  },
]);
