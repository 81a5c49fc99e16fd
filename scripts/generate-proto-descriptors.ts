/**
 * Compiles lib/tfplugin/proto/*.proto into lib/tfplugin/proto/descriptors.json, which the server loads with
 * protobufjs's light build (lib/tfplugin/grpc-services.ts): no .proto parsing at start-up, nothing to ship beside the bundle.
 * Run after editing a .proto file: `npx tsx scripts/generate-proto-descriptors.ts`; a test fails while it is stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as protobuf from "protobufjs";

const PROTO_DIR = join(__dirname, "../lib/tfplugin/proto");
export const DESCRIPTORS_PATH = join(PROTO_DIR, "descriptors.json");

export function protoDescriptors(): object {
  const root = new protobuf.Root();
  // The well-known types the .proto files import (`import` lines are not followed by protobuf.parse).
  root.addJSON(protobuf.common.get("google/protobuf/timestamp.proto")!.nested!);
  for (const file of ["tfplugin6.proto", "plugin.proto"]) {
    protobuf.parse(readFileSync(join(PROTO_DIR, file), "utf8"), root, { keepCase: true });
  }
  return root.toJSON();
}

if (require.main === module) {
  writeFileSync(DESCRIPTORS_PATH, JSON.stringify(protoDescriptors(), null, 1) + "\n");
  console.log(`wrote ${DESCRIPTORS_PATH}`);
}
