/** The DevDynamics part of the sandbox seed, as the sandbox seed contract defines it. */
export interface DevDynamicsSeed {
  readonly organizations: readonly { id: string; name: string; apiKeys: readonly string[] }[];
}
