import { serviceDefinition } from "../../lib/tfplugin/grpc-services";
import type { Tfplugin6ProviderRpcs, Tfplugin6ProviderServer } from "../../lib/tfplugin/proto/types";

type Rpcs = Tfplugin6ProviderRpcs;

/**
 * Calls a ProviderService as the gRPC server does, without a socket: the request is encoded and decoded by the
 * same protobuf definitions, so the service sees exactly what Terraform's message would become, and so does the
 * test with the response.
 */
export function providerRpc(service: Tfplugin6ProviderServer) {
  const definition = serviceDefinition("tfplugin6.Provider");
  return async <M extends keyof Rpcs>(method: M, init: Rpcs[M]["requestInit"]): Promise<Rpcs[M]["response"]> => {
    const rpc = definition[method];
    const request = rpc.requestDeserialize(rpc.requestSerialize(init)) as Rpcs[M]["request"];
    const response = await service[method](request);
    return rpc.responseDeserialize(rpc.responseSerialize(response)) as Rpcs[M]["response"];
  };
}
