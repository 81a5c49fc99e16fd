// `npm run build:provider`: the provider bundle bin/terraform-provider.js starts (dist/provider/).
import { join } from "node:path";
import { PROVIDER_ADDRESS } from "../lib/provider/address";
import { bundleProvider, providerBundlePath } from "../lib/tfplugin/packaging";

export const PROVIDER_BUNDLE = providerBundlePath(join(__dirname, ".."), PROVIDER_ADDRESS.type);

if (require.main === module) void bundleProvider(join(__dirname, "..", "lib", "provider", "main.ts"), PROVIDER_BUNDLE);
