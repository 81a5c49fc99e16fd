import type { ServiceDefinition } from "@grpc/grpc-js";
import { INamespace, Root, Service, Type } from "protobufjs/light";
import descriptors from "./proto/descriptors.json";

/**
 * gRPC service definitions for grpc-js, built from the precompiled descriptors (proto/descriptors.json) with
 * protobufjs's light build: it has no .proto parser, so the provider starts faster than with @grpc/proto-loader,
 * which loads the full build. Messages are plain objects with the proto's own field names, 64-bit numbers as
 * numbers, enums as their names, defaults filled in and oneof fields named.
 */
const root = Root.fromJSON(descriptors as INamespace);

const TO_OBJECT = { longs: Number, enums: String, defaults: true, oneofs: true };

/** The definition of a service by its full name, e.g. `tfplugin6.Provider`. */
export function serviceDefinition(fullName: string): ServiceDefinition {
  const service = root.lookupService(fullName).resolveAll() as Service;
  const definition: Record<string, ServiceDefinition[string]> = {};
  for (const method of service.methodsArray) {
    const [request, response] = [method.resolvedRequestType!, method.resolvedResponseType!];
    definition[method.name] = {
      path: `/${fullName}/${method.name}`,
      requestStream: method.requestStream === true,
      responseStream: method.responseStream === true,
      requestSerialize: serialize(request),
      requestDeserialize: deserialize(request),
      responseSerialize: serialize(response),
      responseDeserialize: deserialize(response),
    };
  }
  return definition;
}

function serialize(type: Type): (value: object) => Buffer {
  return (value) => Buffer.from(type.encode(type.fromObject(value)).finish());
}

function deserialize(type: Type): (bytes: Buffer) => object {
  return (bytes) => type.toObject(type.decode(bytes), TO_OBJECT);
}
