// `npm run build:provider`: the provider bundle bin/terraform-provider.js starts (dist/provider/).
import { join } from "node:path";
import { bundleProvider } from "../lib/tfplugin/packaging";

export const PROVIDER_BUNDLE = join(__dirname, "..", "dist", "provider", "terraform-provider-devdynamics.js");

if (require.main === module) void bundleProvider(join(__dirname, "..", "lib", "provider", "main.ts"), PROVIDER_BUNDLE);
