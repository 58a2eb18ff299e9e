/**
 * The config's view of a platform: what the config loader needs to read a target of it. Each
 * platform folder provides it as part of its PlatformSpec (src/platforms/spec.ts); the CLI passes the
 * list in (`loadConfig(file, env, { platforms })`), so nothing in src/config/ names a platform.
 */
export interface ConfigPlatform {
  /** The platform id, as written in `platform:` of a target. */
  readonly name: string;
  /** Credential fields every real (non-sandbox) account gives. Values are never printed, logged or persisted. */
  readonly credentials: readonly string[];
  /** Credential fields only some accounts give (absent or empty: not used). */
  readonly optionalCredentials: readonly string[];
  /** The credential fields that are secret (the rest, e.g. an app id, are identifiers). */
  readonly secretCredentials: readonly string[];
  /** The platform's real base URL (a target's `baseUrl` overrides it). */
  readonly defaultBaseUrl: string;
  /** Whether its endpoint paths are assumed (its documents do not give them all): a target's `paths` can correct them. */
  readonly assumedPaths: boolean;
  /** Credentials a `sandbox: true` target uses when the config gives none: obviously fake, accepted by the simulator. */
  readonly sandboxCredentials: Readonly<Record<string, string>>;
}
