/**
 * The `[vars]` of a wrangler configuration, as the deployed Worker gets them, read with
 * wrangler's own reader (so TOML, JSON and environments are wrangler's business, not ours).
 * For deploy-time tools that must see the settings the Worker sees. Secrets are not included.
 */
export async function wranglerVars(configPath: string, environment?: string): Promise<Record<string, unknown>> {
  // Only deploy-time tools import this: wrangler is a development dependency.
  const { unstable_readConfig } = await import("wrangler");
  const config = unstable_readConfig(
    { config: configPath, ...(environment && { env: environment }) },
    { hideWarnings: true },
  );
  return { ...config.vars };
}
