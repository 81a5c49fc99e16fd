// https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktn from 'cdktn';

// Configuration

export interface DevdynamicsProviderConfig {
  /**
  * Workspace, project or repository access token.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs#bitbucket_access_token DevdynamicsProvider#bitbucket_access_token}
  */
  readonly bitbucketAccessToken?: string;
  /**
  * Atlassian API token with Bitbucket scopes, sent with bitbucket_email.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs#bitbucket_api_token DevdynamicsProvider#bitbucket_api_token}
  */
  readonly bitbucketApiToken?: string;
  /**
  * Bitbucket Cloud API origin (https; http only on loopback; a trailing `/2.0` is accepted). Default https://api.bitbucket.org.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs#bitbucket_api_url DevdynamicsProvider#bitbucket_api_url}
  */
  readonly bitbucketApiUrl?: string;
  /**
  * Atlassian account email that owns bitbucket_api_token (not the Bitbucket username).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs#bitbucket_email DevdynamicsProvider#bitbucket_email}
  */
  readonly bitbucketEmail?: string;
  /**
  * Requests per hour Bitbucket allows the credential in each resource group (repository data, webhooks); the provider paces itself to stay within it. Default 1000, Bitbucket's limit for most accounts.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs#bitbucket_hourly_request_limit DevdynamicsProvider#bitbucket_hourly_request_limit}
  */
  readonly bitbucketHourlyRequestLimit?: number;
  /**
  * OAuth consumer key (client-credentials grant).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs#bitbucket_oauth_client_id DevdynamicsProvider#bitbucket_oauth_client_id}
  */
  readonly bitbucketOauthClientId?: string;
  /**
  * OAuth consumer secret.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs#bitbucket_oauth_client_secret DevdynamicsProvider#bitbucket_oauth_client_secret}
  */
  readonly bitbucketOauthClientSecret?: string;
  /**
  * OAuth token endpoint (https; http only on loopback). Default: Bitbucket's own, or <bitbucket_api_url>/site/oauth2/access_token for another API URL.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs#bitbucket_oauth_token_url DevdynamicsProvider#bitbucket_oauth_token_url}
  */
  readonly bitbucketOauthTokenUrl?: string;
  /**
  * Most Bitbucket requests one provider process may send (a `terraform apply` starts two: one plans, one applies). Default unlimited.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs#bitbucket_request_budget DevdynamicsProvider#bitbucket_request_budget}
  */
  readonly bitbucketRequestBudget?: number;
  /**
  * DevDynamics API key.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs#devdynamics_api_key DevdynamicsProvider#devdynamics_api_key}
  */
  readonly devdynamicsApiKey?: string;
  /**
  * DevDynamics API base URL (https; http only on loopback; a trailing `/v1` is accepted).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs#devdynamics_api_url DevdynamicsProvider#devdynamics_api_url}
  */
  readonly devdynamicsApiUrl?: string;
  /**
  * Read every repository's webhooks on refresh instead of `webhook_verification_budget` of them (one request per repository). Default false.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs#full_webhook_verification DevdynamicsProvider#full_webhook_verification}
  */
  readonly fullWebhookVerification?: boolean | cdktn.IResolvable;
  /**
  * How long one attempt of a request may take, never longer than what is left of the retry deadline. Default 30.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs#request_timeout_seconds DevdynamicsProvider#request_timeout_seconds}
  */
  readonly requestTimeoutSeconds?: number;
  /**
  * How long rate limits, server errors, resets and timeouts are retried, and how long an operation may wait for Bitbucket's hourly budget. Default 300.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs#retry_deadline_seconds DevdynamicsProvider#retry_deadline_seconds}
  */
  readonly retryDeadlineSeconds?: number;
  /**
  * How many repositories' webhooks each refresh of `devdynamics_bitbucket_repository_webhooks` reads, those verified longest ago first (one request each). Default 50: with discovery, a plan of 1,000 repositories stays under 10% of Bitbucket's hourly limit.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs#webhook_verification_budget DevdynamicsProvider#webhook_verification_budget}
  */
  readonly webhookVerificationBudget?: number;
  /**
  * Alias name
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs#alias DevdynamicsProvider#alias}
  */
  readonly alias?: string;
}

/**
* Represents a {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs devdynamics}
*/
export class DevdynamicsProvider extends cdktn.TerraformProvider {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "devdynamics";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTN code for importing a DevdynamicsProvider resource upon running "cdktn plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the DevdynamicsProvider to import
  * @param importFromId The id of the existing DevdynamicsProvider that should be imported. Refer to the {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the DevdynamicsProvider to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktn.TerraformProvider) {
        return new cdktn.ImportableResource(scope, importToId, { terraformResourceType: "devdynamics", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs devdynamics} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options DevdynamicsProviderConfig = {}
  */
  public constructor(scope: Construct, id: string, config: DevdynamicsProviderConfig = {}) {
    super(scope, id, {
      terraformResourceType: 'devdynamics',
      terraformGeneratorMetadata: {
        providerName: 'devdynamics',
        providerVersionConstraint: '~> 0.1'
      },
      terraformProviderSource: 'devdynamics/devdynamics'
    });
    this._bitbucketAccessToken = config.bitbucketAccessToken;
    this._bitbucketApiToken = config.bitbucketApiToken;
    this._bitbucketApiUrl = config.bitbucketApiUrl;
    this._bitbucketEmail = config.bitbucketEmail;
    this._bitbucketHourlyRequestLimit = config.bitbucketHourlyRequestLimit;
    this._bitbucketOauthClientId = config.bitbucketOauthClientId;
    this._bitbucketOauthClientSecret = config.bitbucketOauthClientSecret;
    this._bitbucketOauthTokenUrl = config.bitbucketOauthTokenUrl;
    this._bitbucketRequestBudget = config.bitbucketRequestBudget;
    this._devdynamicsApiKey = config.devdynamicsApiKey;
    this._devdynamicsApiUrl = config.devdynamicsApiUrl;
    this._fullWebhookVerification = config.fullWebhookVerification;
    this._requestTimeoutSeconds = config.requestTimeoutSeconds;
    this._retryDeadlineSeconds = config.retryDeadlineSeconds;
    this._webhookVerificationBudget = config.webhookVerificationBudget;
    this._alias = config.alias;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // bitbucket_access_token - computed: false, optional: true, required: false
  private _bitbucketAccessToken?: string; 
  public get bitbucketAccessToken() {
    return this._bitbucketAccessToken;
  }
  public set bitbucketAccessToken(value: string | undefined) {
    this._bitbucketAccessToken = value;
  }
  public resetBitbucketAccessToken() {
    this._bitbucketAccessToken = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get bitbucketAccessTokenInput() {
    return this._bitbucketAccessToken;
  }

  // bitbucket_api_token - computed: false, optional: true, required: false
  private _bitbucketApiToken?: string; 
  public get bitbucketApiToken() {
    return this._bitbucketApiToken;
  }
  public set bitbucketApiToken(value: string | undefined) {
    this._bitbucketApiToken = value;
  }
  public resetBitbucketApiToken() {
    this._bitbucketApiToken = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get bitbucketApiTokenInput() {
    return this._bitbucketApiToken;
  }

  // bitbucket_api_url - computed: false, optional: true, required: false
  private _bitbucketApiUrl?: string; 
  public get bitbucketApiUrl() {
    return this._bitbucketApiUrl;
  }
  public set bitbucketApiUrl(value: string | undefined) {
    this._bitbucketApiUrl = value;
  }
  public resetBitbucketApiUrl() {
    this._bitbucketApiUrl = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get bitbucketApiUrlInput() {
    return this._bitbucketApiUrl;
  }

  // bitbucket_email - computed: false, optional: true, required: false
  private _bitbucketEmail?: string; 
  public get bitbucketEmail() {
    return this._bitbucketEmail;
  }
  public set bitbucketEmail(value: string | undefined) {
    this._bitbucketEmail = value;
  }
  public resetBitbucketEmail() {
    this._bitbucketEmail = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get bitbucketEmailInput() {
    return this._bitbucketEmail;
  }

  // bitbucket_hourly_request_limit - computed: false, optional: true, required: false
  private _bitbucketHourlyRequestLimit?: number; 
  public get bitbucketHourlyRequestLimit() {
    return this._bitbucketHourlyRequestLimit;
  }
  public set bitbucketHourlyRequestLimit(value: number | undefined) {
    this._bitbucketHourlyRequestLimit = value;
  }
  public resetBitbucketHourlyRequestLimit() {
    this._bitbucketHourlyRequestLimit = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get bitbucketHourlyRequestLimitInput() {
    return this._bitbucketHourlyRequestLimit;
  }

  // bitbucket_oauth_client_id - computed: false, optional: true, required: false
  private _bitbucketOauthClientId?: string; 
  public get bitbucketOauthClientId() {
    return this._bitbucketOauthClientId;
  }
  public set bitbucketOauthClientId(value: string | undefined) {
    this._bitbucketOauthClientId = value;
  }
  public resetBitbucketOauthClientId() {
    this._bitbucketOauthClientId = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get bitbucketOauthClientIdInput() {
    return this._bitbucketOauthClientId;
  }

  // bitbucket_oauth_client_secret - computed: false, optional: true, required: false
  private _bitbucketOauthClientSecret?: string; 
  public get bitbucketOauthClientSecret() {
    return this._bitbucketOauthClientSecret;
  }
  public set bitbucketOauthClientSecret(value: string | undefined) {
    this._bitbucketOauthClientSecret = value;
  }
  public resetBitbucketOauthClientSecret() {
    this._bitbucketOauthClientSecret = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get bitbucketOauthClientSecretInput() {
    return this._bitbucketOauthClientSecret;
  }

  // bitbucket_oauth_token_url - computed: false, optional: true, required: false
  private _bitbucketOauthTokenUrl?: string; 
  public get bitbucketOauthTokenUrl() {
    return this._bitbucketOauthTokenUrl;
  }
  public set bitbucketOauthTokenUrl(value: string | undefined) {
    this._bitbucketOauthTokenUrl = value;
  }
  public resetBitbucketOauthTokenUrl() {
    this._bitbucketOauthTokenUrl = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get bitbucketOauthTokenUrlInput() {
    return this._bitbucketOauthTokenUrl;
  }

  // bitbucket_request_budget - computed: false, optional: true, required: false
  private _bitbucketRequestBudget?: number; 
  public get bitbucketRequestBudget() {
    return this._bitbucketRequestBudget;
  }
  public set bitbucketRequestBudget(value: number | undefined) {
    this._bitbucketRequestBudget = value;
  }
  public resetBitbucketRequestBudget() {
    this._bitbucketRequestBudget = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get bitbucketRequestBudgetInput() {
    return this._bitbucketRequestBudget;
  }

  // devdynamics_api_key - computed: false, optional: true, required: false
  private _devdynamicsApiKey?: string; 
  public get devdynamicsApiKey() {
    return this._devdynamicsApiKey;
  }
  public set devdynamicsApiKey(value: string | undefined) {
    this._devdynamicsApiKey = value;
  }
  public resetDevdynamicsApiKey() {
    this._devdynamicsApiKey = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get devdynamicsApiKeyInput() {
    return this._devdynamicsApiKey;
  }

  // devdynamics_api_url - computed: false, optional: true, required: false
  private _devdynamicsApiUrl?: string; 
  public get devdynamicsApiUrl() {
    return this._devdynamicsApiUrl;
  }
  public set devdynamicsApiUrl(value: string | undefined) {
    this._devdynamicsApiUrl = value;
  }
  public resetDevdynamicsApiUrl() {
    this._devdynamicsApiUrl = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get devdynamicsApiUrlInput() {
    return this._devdynamicsApiUrl;
  }

  // full_webhook_verification - computed: false, optional: true, required: false
  private _fullWebhookVerification?: boolean | cdktn.IResolvable; 
  public get fullWebhookVerification() {
    return this._fullWebhookVerification;
  }
  public set fullWebhookVerification(value: boolean | cdktn.IResolvable | undefined) {
    this._fullWebhookVerification = value;
  }
  public resetFullWebhookVerification() {
    this._fullWebhookVerification = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get fullWebhookVerificationInput() {
    return this._fullWebhookVerification;
  }

  // request_timeout_seconds - computed: false, optional: true, required: false
  private _requestTimeoutSeconds?: number; 
  public get requestTimeoutSeconds() {
    return this._requestTimeoutSeconds;
  }
  public set requestTimeoutSeconds(value: number | undefined) {
    this._requestTimeoutSeconds = value;
  }
  public resetRequestTimeoutSeconds() {
    this._requestTimeoutSeconds = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get requestTimeoutSecondsInput() {
    return this._requestTimeoutSeconds;
  }

  // retry_deadline_seconds - computed: false, optional: true, required: false
  private _retryDeadlineSeconds?: number; 
  public get retryDeadlineSeconds() {
    return this._retryDeadlineSeconds;
  }
  public set retryDeadlineSeconds(value: number | undefined) {
    this._retryDeadlineSeconds = value;
  }
  public resetRetryDeadlineSeconds() {
    this._retryDeadlineSeconds = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get retryDeadlineSecondsInput() {
    return this._retryDeadlineSeconds;
  }

  // webhook_verification_budget - computed: false, optional: true, required: false
  private _webhookVerificationBudget?: number; 
  public get webhookVerificationBudget() {
    return this._webhookVerificationBudget;
  }
  public set webhookVerificationBudget(value: number | undefined) {
    this._webhookVerificationBudget = value;
  }
  public resetWebhookVerificationBudget() {
    this._webhookVerificationBudget = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get webhookVerificationBudgetInput() {
    return this._webhookVerificationBudget;
  }

  // alias - computed: false, optional: true, required: false
  private _alias?: string; 
  public get alias() {
    return this._alias;
  }
  public set alias(value: string | undefined) {
    this._alias = value;
  }
  public resetAlias() {
    this._alias = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get aliasInput() {
    return this._alias;
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      bitbucket_access_token: cdktn.stringToTerraform(this._bitbucketAccessToken),
      bitbucket_api_token: cdktn.stringToTerraform(this._bitbucketApiToken),
      bitbucket_api_url: cdktn.stringToTerraform(this._bitbucketApiUrl),
      bitbucket_email: cdktn.stringToTerraform(this._bitbucketEmail),
      bitbucket_hourly_request_limit: cdktn.numberToTerraform(this._bitbucketHourlyRequestLimit),
      bitbucket_oauth_client_id: cdktn.stringToTerraform(this._bitbucketOauthClientId),
      bitbucket_oauth_client_secret: cdktn.stringToTerraform(this._bitbucketOauthClientSecret),
      bitbucket_oauth_token_url: cdktn.stringToTerraform(this._bitbucketOauthTokenUrl),
      bitbucket_request_budget: cdktn.numberToTerraform(this._bitbucketRequestBudget),
      devdynamics_api_key: cdktn.stringToTerraform(this._devdynamicsApiKey),
      devdynamics_api_url: cdktn.stringToTerraform(this._devdynamicsApiUrl),
      full_webhook_verification: cdktn.booleanToTerraform(this._fullWebhookVerification),
      request_timeout_seconds: cdktn.numberToTerraform(this._requestTimeoutSeconds),
      retry_deadline_seconds: cdktn.numberToTerraform(this._retryDeadlineSeconds),
      webhook_verification_budget: cdktn.numberToTerraform(this._webhookVerificationBudget),
      alias: cdktn.stringToTerraform(this._alias),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      bitbucket_access_token: {
        value: cdktn.stringToHclTerraform(this._bitbucketAccessToken),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      bitbucket_api_token: {
        value: cdktn.stringToHclTerraform(this._bitbucketApiToken),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      bitbucket_api_url: {
        value: cdktn.stringToHclTerraform(this._bitbucketApiUrl),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      bitbucket_email: {
        value: cdktn.stringToHclTerraform(this._bitbucketEmail),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      bitbucket_hourly_request_limit: {
        value: cdktn.numberToHclTerraform(this._bitbucketHourlyRequestLimit),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      bitbucket_oauth_client_id: {
        value: cdktn.stringToHclTerraform(this._bitbucketOauthClientId),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      bitbucket_oauth_client_secret: {
        value: cdktn.stringToHclTerraform(this._bitbucketOauthClientSecret),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      bitbucket_oauth_token_url: {
        value: cdktn.stringToHclTerraform(this._bitbucketOauthTokenUrl),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      bitbucket_request_budget: {
        value: cdktn.numberToHclTerraform(this._bitbucketRequestBudget),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      devdynamics_api_key: {
        value: cdktn.stringToHclTerraform(this._devdynamicsApiKey),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      devdynamics_api_url: {
        value: cdktn.stringToHclTerraform(this._devdynamicsApiUrl),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      full_webhook_verification: {
        value: cdktn.booleanToHclTerraform(this._fullWebhookVerification),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      request_timeout_seconds: {
        value: cdktn.numberToHclTerraform(this._requestTimeoutSeconds),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      retry_deadline_seconds: {
        value: cdktn.numberToHclTerraform(this._retryDeadlineSeconds),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      webhook_verification_budget: {
        value: cdktn.numberToHclTerraform(this._webhookVerificationBudget),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      alias: {
        value: cdktn.stringToHclTerraform(this._alias),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
