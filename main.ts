// The sample cdktf app. Until the construct library lands, `npm start` runs the sandbox (see lib/sandbox/cli.ts).
export {};
