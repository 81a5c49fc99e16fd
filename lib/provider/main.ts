// The provider executable's entry: bundled into terraform-provider-devdynamics_v0.1.0 (see docs/tfplugin.md).
import { serve } from "../tfplugin";
import { devdynamicsProvider } from "./provider";

void serve(devdynamicsProvider);
