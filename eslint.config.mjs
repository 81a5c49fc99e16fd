import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      ".tmp/**",
      "dist/**",
      "packages/*/dist/**",
      "**/cdktf.out/**",
      "**/.gen/**",
      "bench/results/**",
      "lib/generated/**",
      "**/*.js",
      "**/*.mjs",
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": ["error", { allow: ["error", "warn"] }],
    },
  },
  {
    files: ["test/**", "bench/**", "scripts/**", "examples/**", "main.ts", "lib/**/cli.ts", "lib/**/cli/**"],
    rules: { "no-console": "off" },
  },
);
