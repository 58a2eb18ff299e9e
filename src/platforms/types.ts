/**
 * The contract every platform adapter implements (one folder per platform, same files in each:
 * client.ts (auth/signing + calls), wire.ts (zod wire schemas and `ENDPOINTS`, the calls in the one
 * endpoint-table shape of ../endpoints.ts), mapping.ts (`desired`: catalog -> desired, wire -> live,
 * both in one comparable shape; `FIELD_UNITS`), planner.ts (`planObject`, pure per-object planning),
 * import.ts (`toDocuments`), references.ts (`references`), index.ts (the adapter object, made of
 * those exports under the same names), spec.ts (the platform spec)).
 *
 * Crossplane-style: the engine observes (refresh), matches desired and live by identity, diffs
 * their comparable fields, and asks the adapter what calls create / update / delete one object.
 * The engine owns everything that is the same on every platform: ownership, prune, protect,
 * maxDeletePercent, ordering, journaling, concurrency.
 */
import type { Catalog } from '../catalog/types.js';
import type { PlatformName } from '../catalog/model.js';
import type { Diagnostic } from '../diagnostics/diagnostics.js';
import type { TransportEvent } from '../http/index.js';
import type { Policy, TargetConfig } from '../config/model.js';
import type { FieldChange, Json, Phase, PlanNote, PlannedCall, QuotaUse, ActionOp } from '../plan/types.js';
import type { Fen } from '../money/fen.js';

/** An object as the catalog wants it on one target, in the adapter's comparable shape. */
export interface DesiredObject {
  kind: string;
  key: string;
  protect: boolean;
  /** Compared field by field with LiveObject.fields (same shape and units). */
  fields: { [key: string]: Json };
  /** Data the planner needs that is not compared (e.g. image files to upload). */
  extra?: { [key: string]: Json };
  /** Catalog fields whose value comes from this target's `overrides` (set by the engine, shown in the plan). */
  overrides?: string[];
}

/**
 * The dotted paths of the money (`Fen`) leaves of a kind's comparable fields: the keys of a record
 * (`{ [sku: string]: ... }`) are written `*`, arrays are transparent (a plan's change paths leave
 * array indices out). E.g. `{ price: Fen; skus: { [k: string]: { price: Fen; stock: number } } }`
 * gives `'price' | 'skus.*.price'`.
 */
export type MoneyPaths<T, Depth extends unknown[] = []> = Depth['length'] extends 6
  ? never
  : [T] extends [Fen]
    ? ''
    : T extends readonly (infer E)[]
      ? MoneyPaths<E, Depth>
      : T extends object
        ? { [K in keyof T & string]-?: SubPath<string extends K ? '*' : K, MoneyPaths<NonNullable<T[K]>, [...Depth, K]>> }[keyof T & string]
        : never;
type SubPath<K extends string, Rest extends string> = [Rest] extends [never] ? never : Rest extends '' ? K : `${K}.${Rest}`;

/** Per kind, the paths (see MoneyPaths) of its comparable fields whose values are fen. */
export type FieldUnits = { readonly [kind: string]: { readonly fen: readonly string[] } };

/**
 * One kind's entry of FieldUnits, from the type of its comparable fields: every money path of
 * `Fields` must be listed and nothing else (a missing or extra path is a type error), so the plan
 * shows in yuan exactly the fields typed `Fen`.
 */
export function fenFields<Fields>(paths: { readonly [P in MoneyPaths<Fields>]: true }): { readonly fen: readonly string[] } {
  return { fen: Object.keys(paths) };
}

/** An object observed on the platform. */
export interface LiveObject {
  kind: string;
  /** Platform id. */
  id: string;
  /** Our key when the object carries our identity (or state maps its id to a key). */
  key?: string;
  /** Display name, for the unmanaged list. */
  name: string;
  /** Comparable form; fields the platform does not return are absent (and not compared). */
  fields: { [key: string]: Json };
  /** Platform state that drives planning but is not compared (status, audit state, ...). */
  meta: { [key: string]: Json };
}

/** A live object offered to `toDocuments`, with the catalog key it is imported under. */
export type ImportCandidate = LiveObject & { key: string };

export interface LiveSnapshot {
  objects: LiveObject[];
  quotas?: QuotaUse[];
  readCalls: number;
}

/** Target-scoped view of the state store (src/state). Records hold ids, never secrets. */
export interface TargetState {
  get(ref: string): { id: string; [k: string]: Json } | undefined;
  entries(): Array<[ref: string, record: { id: string; [k: string]: Json }]>;
  getMeta(): { [k: string]: Json };
}

export interface MutableTargetState extends TargetState {
  set(ref: string, record: { id: string; [k: string]: Json }): void;
  delete(ref: string): void;
  setMeta(meta: { [k: string]: Json }): void;
}

export interface RefreshContext {
  target: TargetConfig;
  state: TargetState;
  /** Keys of the objects the catalog wants on this target, per kind (lets adapters adopt by other identities). */
  desired: DesiredObject[];
  /** `full`: read everything again, trusting no cache (`--refresh=full`); default `auto` (caches and incremental reads). */
  mode?: RefreshMode;
  /** `all`: complete objects we do not manage too (`catalog import` needs them); default: only what the plan needs. */
  details?: 'managed' | 'all';
}

export type RefreshMode = 'auto' | 'full';

export interface InvokeContext {
  target: TargetConfig;
  state: MutableTargetState;
  /** Resolves a `{ $ref }` placeholder to a platform id (state, then identities found by refresh). */
  resolveRef(ref: string): string | undefined;
  /** Absolute catalog folder (for reading image files). */
  catalogRoot: string;
}

/** What an adapter's per-object planner returns; the engine adds ids, ordering and dependencies. */
export interface ActionDraft {
  op: ActionOp;
  label: string;
  reason?: string;
  changes: FieldChange[];
  calls: PlannedCall[];
  phase: Phase;
}

export interface ObjectPlanInput {
  desired?: DesiredObject;
  live?: LiveObject;
  /** Field-level differences (desired vs live) after normalisation; empty when equal. */
  changes: FieldChange[];
  policy: Policy;
  /** Target-wide facts (e.g. remaining audit quota), read-only. */
  state: TargetState;
  /** ISO time the plan is made (absent in some unit tests: then nothing counts as expired). */
  now?: string;
}

export interface ObjectPlan {
  actions: ActionDraft[];
  notes?: Array<Omit<PlanNote, 'kind' | 'key'>>;
  /** Quota units by name this object's actions consume (e.g. { audit: 1 }). */
  quota?: Record<string, number>;
}

export interface CallResult {
  /** Platform id of a created object (recorded in state as "<Kind>/<key>"). */
  id?: string;
  /** Extra identity data to keep in state (e.g. wechat-live auditId). */
  record?: { [k: string]: Json };
}

/** What `catalog state rebuild` gives an adapter to re-derive the state facts that are not identities. */
export interface RecoverContext {
  target: TargetConfig;
  /** The target's state after the identities were recorded (rebuild holds the lock). */
  state: MutableTargetState;
  desired: DesiredObject[];
  /** What the rebuild's refresh read (its keys assigned). */
  live: LiveSnapshot;
}

/** One line per kind of fact: how many were re-derived, and what could not be (said in the output). */
export interface Recovered {
  recovered: Array<{ what: string; count: number }>;
  lost: string[];
}

export interface PlatformClient {
  /** Perform one planned call. Throws PlatformError / TransportError / OutcomeUnknownError. */
  invoke(call: PlannedCall, action: { kind: string; key: string }, ctx: InvokeContext): Promise<CallResult>;
  /**
   * Creates planned with the same `batch` (PlannedCall.batch), sent as one call of `batch.op`; the
   * calls' args are already resolved. Returns one outcome per call, in order: its result, or that
   * item's error (an OutcomeUnknownError when the answer does not say what became of it). Throws,
   * as invoke does, when the call as a whole failed. Required of a client whose planner sets `batch`.
   */
  invokeBatch?(calls: PlannedCall[], actions: Array<{ kind: string; key: string }>, ctx: InvokeContext): Promise<Array<CallResult | Error>>;
  /** Read the target's live state for the kinds this platform manages. */
  refresh(ctx: RefreshContext): Promise<LiveSnapshot>;
  /**
   * `catalog state rebuild`: re-derive from the platform the facts the state keeps besides
   * identities (uploaded image URLs, audit usage, ...). Reads only; writes go to `ctx.state`.
   */
  recover?(ctx: RecoverContext): Promise<Recovered>;
  /**
   * Read one list of platform reference data (categories, properties, shops...). Read-only. A
   * scope the platform refuses as unknown (e.g. a category id that does not exist) comes back as
   * a list with `refused`, not as an exception; other failures throw like any read.
   */
  readReference?(query: ReferenceQuery): Promise<ReferenceList>;
  close?(): Promise<void>;
}

/** Which reference list to read: its name (see ReferenceSupport.lists) and its parameters. */
export interface ReferenceQuery {
  list: string;
  params: { [name: string]: string };
}

/** One entry of a reference list: a category, a property with its values, a shop, a group... */
export interface ReferenceEntry {
  id: string;
  name: string;
  /** Allowed values (properties, SKU tables). */
  values?: Array<{ id: string; name: string }>;
  /** Further facts shown by `catalog lookup` (e.g. a category's sp_biz_type, whether it is a leaf). */
  info?: { [k: string]: Json };
}

export interface ReferenceList {
  query: ReferenceQuery;
  entries: ReferenceEntry[];
  /** The platform's answer when it refused the scope (e.g. "cate_id 42 does not exist"). */
  refused?: string;
}

/** The reference lists read for one target in one run, by query. */
export interface ReferenceBook {
  get(query: ReferenceQuery): ReferenceList | undefined;
}

export interface ReferenceListSpec {
  name: string;
  description: string;
  /** Parameter names with their descriptions; `required` ones must be given. */
  params: Array<{ name: string; description: string; required?: boolean }>;
}

/**
 * Platform reference data an adapter can read and check the catalog against (`catalog lookup`,
 * plan-time checks). `needs` and `check` are pure: the engine reads what `needs` asks for (once per
 * run) and hands the lists to `check` and `resolve`.
 */
export interface ReferenceSupport {
  lists: ReferenceListSpec[];
  /** What the catalog objects going to this target refer to (empty: nothing to read). */
  needs(catalog: Catalog, target: TargetConfig): ReferenceQuery[];
  /** Diagnostics (at the catalog field's file:line) for references the lists do not hold. */
  check(catalog: Catalog, target: TargetConfig, book: ReferenceBook): Diagnostic[];
  /** The catalog with references written by name resolved to the platform's ids (pure). */
  resolve?(catalog: Catalog, target: TargetConfig, book: ReferenceBook): Catalog;
  /** Whether `resolve` would change this catalog (else the target is read while its lists are checked). */
  resolves?(catalog: Catalog, target: TargetConfig): boolean;
  /** Notes shown by `catalog lookup` about what cannot be listed (e.g. pages the API does not expose). */
  unavailable?: string;
}

export interface PlatformAdapter {
  platform: PlatformName;
  /** Pure: the catalog projected onto one target, in comparable shape. */
  desired(catalog: Catalog, target: TargetConfig): DesiredObject[];
  /** Pure: actions for one object (create when no live, delete when no desired). */
  planObject(input: ObjectPlanInput): ObjectPlan;
  /** Per kind, the comparable fields whose values are money in fen (shown in yuan by the plan). */
  fieldUnits?: FieldUnits;
  /** Platform reference data: lists for `catalog lookup` and the plan-time checks. */
  references?: ReferenceSupport;
  /**
   * Pure: catalog documents (the user-written YAML form, see src/catalog/model.ts) for live objects
   * that are not in the catalog (`catalog import`). Planning the returned documents against the same
   * account must show no changes (round trip). Documents carry `targets: [target.name]`. Every
   * object comes with the key it is imported under (its own, or the import key planImport gave it).
   */
  toDocuments?(objects: ImportCandidate[], target: TargetConfig): ImportedDocument[];
  /** I/O side: build a client for one target (signing, auth, transport). */
  createClient(target: TargetConfig, deps: ClientDeps): PlatformClient;
}

export interface ImportedDocument {
  kind: string;
  /** Proposed key: the object's own identity when it has one, else derived from its name or id. */
  key: string;
  /** Platform id (recorded in state so the imported object is managed). */
  id: string;
  /** The document as a user would write it (money in yuan as strings, e.g. "19.90"). */
  doc: { [k: string]: Json };
}

export interface ClientDeps {
  /** Injectable fetch (tests use msw through global fetch). */
  fetch?: typeof fetch;
  /** The fetch for downloads from other hosts (image URLs); default `fetch`. Sandbox targets: the sandbox only. */
  downloadFetch?: typeof fetch;
  /** Transport events (progress, call counting). */
  onEvent?: (e: TransportEvent) => void;
  /** Folder for adapter caches (e.g. token cache), inside the state folder. */
  cacheDir: string;
}
