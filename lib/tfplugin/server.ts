import * as grpc from "@grpc/grpc-js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serverCertificate } from "./certificate-cache";
import type { ProviderDefinition } from "./definitions";
import { serviceDefinition } from "./grpc-services";
import { stderrLogger } from "./logger";
import type { Empty, EmptyInit, Tfplugin6ProviderRpcs, Tfplugin6ProviderServer } from "./proto/types";
import { SERVICE_METHODS } from "./proto/types";
import { ProviderService } from "./provider-service";

/** go-plugin's handshake values for Terraform's providers (terraform-plugin-protocol.md §1). */
const MAGIC_COOKIE_KEY = "TF_PLUGIN_MAGIC_COOKIE";
const MAGIC_COOKIE_VALUE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
const PROTOCOL_VERSION = "6";
/** terraform-plugin-go allows 256 MiB; grpc-js would stop at 4 MiB. */
const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

/**
 * Runs a provider as a Terraform plugin process: checks the magic cookie, serves tfplugin6.Provider and go-plugin's
 * controller on a private unix socket with AutoMTLS, prints the handshake line (the only stdout output), and exits
 * when Terraform says Shutdown or goes away. Ctrl-C reaches this process too: it is ignored, because Terraform
 * sends StopProvider and waits for in-flight calls, so an apply is never cut off mid-way.
 */
export async function serve<P>(definition: ProviderDefinition<P>): Promise<void> {
  const log = stderrLogger();
  if (process.env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    process.stderr.write(
      `This is the terraform-provider-${definition.typeName} plugin. It is started by Terraform, not by hand:\n` +
        `add the provider to a Terraform configuration and run terraform init and terraform plan.\n`,
    );
    process.exitCode = 1;
    return;
  }
  const offered = (process.env.PLUGIN_PROTOCOL_VERSIONS ?? "").split(",");
  if (!offered.includes(PROTOCOL_VERSION)) {
    process.stderr.write(
      `Terraform offered plugin protocol versions ${offered.join(", ")}; this provider speaks 6 (Terraform ≥ 1.0).\n`,
    );
    process.exitCode = 1;
    return;
  }

  // First thing, so that a Ctrl-C arriving while this process starts up does not kill it.
  process.on("SIGINT", () => log.debug("SIGINT ignored: Terraform sends StopProvider and waits for running calls"));
  const service = new ProviderService(definition, log);
  const server = new grpc.Server({
    "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
    "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
    "grpc.enable_channelz": 0, // nothing reads it; it only costs time on every call
  });
  const rpcs: Tfplugin6ProviderServer = service;
  /** One RPC: the service's answer, or a gRPC error for what escaped it (an unknown type name, a bad message). */
  const unary =
    <M extends keyof Tfplugin6ProviderRpcs>(
      method: M,
    ): grpc.handleUnaryCall<Tfplugin6ProviderRpcs[M]["request"], Tfplugin6ProviderRpcs[M]["responseInit"]> =>
    (call, callback) => {
      log.debug(`${method} ${String(Reflect.get(call.request, "type_name") ?? "")}`);
      Promise.resolve()
        .then(() => rpcs[method](call.request))
        .then((response) => callback(null, response))
        .catch((error: unknown) =>
          callback({ code: grpc.status.INTERNAL, details: error instanceof Error ? error.message : String(error) }),
        );
    };
  const handlers: grpc.UntypedServiceImplementation = {};
  for (const method of SERVICE_METHODS["tfplugin6.Provider"]) handlers[method] = unary(method);
  server.addService(serviceDefinition("tfplugin6.Provider"), handlers);

  const socketDir = mkdtempSync(join(tmpdir(), "tfplugin-"));
  const socketPath = join(socketDir, "plugin.sock");
  const cleanUp = () => rmSync(socketDir, { recursive: true, force: true });
  const exit = () => {
    server.forceShutdown();
    cleanUp();
    process.exit(0);
  };
  const shutdown: grpc.handleUnaryCall<Empty, EmptyInit> = (_call, callback) => {
    callback(null, {});
    // Let the answer reach Terraform before closing; force it if a connection lingers.
    setTimeout(exit, 1000).unref();
    server.tryShutdown(exit);
  };
  server.addService(serviceDefinition("plugin.GRPCController"), { Shutdown: shutdown });

  const { credentials, certificate } = await serverCredentials();
  await new Promise<void>((resolve, reject) =>
    server.bindAsync(`unix://${socketPath}`, credentials, (error) => (error ? reject(error) : resolve())),
  );
  process.on("SIGTERM", exit);
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && exit(), 1000).unref();
  process.on("exit", cleanUp);
  process.stdout.write(`1|${PROTOCOL_VERSION}|unix|${socketPath}|grpc|${certificate}\n`);
}

/** TLS with Terraform's client certificate required, or plaintext when Terraform disabled AutoMTLS. */
async function serverCredentials(): Promise<{ credentials: grpc.ServerCredentials; certificate: string }> {
  const clientCert = process.env.PLUGIN_CLIENT_CERT;
  if (!clientCert) return { credentials: grpc.ServerCredentials.createInsecure(), certificate: "" };
  const { certPem, keyPem, derBase64 } = await serverCertificate();
  return {
    credentials: grpc.ServerCredentials.createSsl(
      Buffer.from(clientCert),
      [{ cert_chain: Buffer.from(certPem), private_key: Buffer.from(keyPem) }],
      true,
    ),
    certificate: derBase64,
  };
}
