/**
 * PlatformSpec: everything the rest of the program knows about one platform, in one object that
 * each platform folder exports from `src/platforms/<name>/spec.ts` as `spec`, and that
 * src/platforms/registry.ts lists (one line per platform). Nothing outside the platform's two folders
 * (src/platforms/<name>/, src/sandbox/<name>/) and the two registries names a platform.
 *
 * Every member is required (an absent feature is an explicit `null`), and the registry is checked
 * with `satisfies readonly PlatformSpec[]`: a new platform that forgets a piece does not compile.
 *
 * Layers get narrow views of the spec, defined where they are used, so imports run one way
 * (cli -> config/catalog -> engine -> platforms -> http/state): the catalog loader takes
 * CatalogPlatform (src/catalog/platform.ts), the config loader ConfigPlatform
 * (src/config/platform.ts), `catalog init` ScaffoldSample (src/catalog/scaffold.ts). A PlatformSpec
 * is all of them at once, so the CLI passes the registry's list as it is.
 *
 * See docs/architecture.md, "How to add a platform".
 */
import type { CatalogPlatform } from '../catalog/platform.js';
import type { ScaffoldSample } from '../catalog/scaffold.js';
import type { ConfigPlatform } from '../config/platform.js';
import type { FieldChange, Json, Phase } from '../plan/types.js';
import type { DesiredObject, PlatformAdapter, TargetState } from './types.js';

export interface PlatformSpec<Name extends string = string> extends CatalogPlatform, ConfigPlatform {
  /** The platform id: lowercase, as written in `platform:` of a target and under `platforms:` in the catalog. */
  readonly name: Name;
  /** Its name for people, e.g. "微信小店" (docs, scaffold). */
  readonly title: string;
  /** Its page in the docs (credentials, IP allow-list, limits), "docs/platforms/<name>.md". */
  readonly docs: string;
  /** The apply phases its planner uses (src/plan/types.ts PHASES); a test checks the planner's. */
  readonly phases: readonly Phase[];
  /**
   * The adapter: desired projection, planner, import (`toDocuments`), lookups (`references`),
   * client. Its `platform` is this spec's name.
   */
  readonly adapter: PlatformAdapter;
  /** Codes of its plan-time reference checks (adapter.references.check), with descriptions (docs/diagnostics.md). */
  readonly checkCodes: Readonly<Record<string, string>>;
  /**
   * Examples for `catalog lookup --help` with the scaffold's target name (what follows
   * "catalog lookup "), e.g. "<target> shops   <name>: authorised shops"; may be empty.
   */
  readonly lookupExamples: readonly string[];
  /** Its part of what `catalog init` writes. */
  readonly scaffold: ScaffoldSample;
  /** `catalog webhook`: how it pushes changed objects to us; null when it does not. */
  readonly push: PushReader | null;
}

/** A platform's push interface (`catalog webhook`): one pushed body compared with the catalog. */
export interface PushReader {
  /** What it pushes, for messages, e.g. "product groups". */
  readonly pushes: string;
  /** The reply once a body is read (the platform retries until it gets it). */
  readonly ack: Json;
  /** The reply to a body that cannot be read or is not a push, with the reason. */
  refuse(reason: string): Json;
  /** Pure: one pushed body against the desired objects and the state. */
  report(body: unknown, desired: readonly DesiredObject[], state: TargetState): PushReport | { error: string };
}

export type PushStatus = 'in-sync' | 'drift' | 'deleted' | 'orphaned' | 'unmanaged';

/** One pushed object compared with the catalog. */
export interface PushReport {
  kind: string;
  id: string;
  name: string;
  /** Our key when the object is ours (its identity, or the state names its id). */
  key?: string;
  status: PushStatus;
  /** For `drift`: `before` is the platform's value, `after` the catalog's (what the next apply sends). */
  changes: FieldChange[];
}
