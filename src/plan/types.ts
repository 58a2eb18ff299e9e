/**
 * The Plan: plain data that holds everything apply needs (Terraform-style). Produced by the pure
 * planner (src/engine/plan.ts), rendered by src/render/, saved with `plan --out`, and executed
 * as-is by apply. Nothing here does I/O.
 */
import type { PlatformName } from '../catalog/model.js';

export const PLAN_FORMAT_VERSION = 1 as const;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Apply order within a target (DESIGN.md section 6). Deletes run after every create/update, in
 * reverse dependency order.
 */
export const PHASES = [
  'images',
  'shipping-templates',
  'groups',
  'products',
  'stock',
  'group-membership',
  'shelves',
  'shelf-state',
  'audits',
  'delete-shelves',
  'delete-products',
  'delete-groups',
  'delete-shipping-templates',
] as const;
export type Phase = (typeof PHASES)[number];

export type ActionOp = 'create' | 'update' | 'delete' | 'replace' | 'action';

export interface FieldChange {
  /** Dotted path in the platform-shaped desired object, e.g. "price" or "skus.white-128.stock". */
  path: string;
  before?: Json;
  after?: Json;
  /** How to show the values: `fen` is money in integer fen, shown as yuan. */
  unit?: 'fen';
}

/**
 * One HTTP call apply will make. `args` is plain data; a `{ "$ref": "<Kind>/<key>" }` value stands
 * for the platform id of another object of the same target, resolved at apply time (it may be
 * created earlier in the same apply).
 */
export interface PlannedCall {
  /** Adapter operation name, e.g. "product.create". */
  op: string;
  /** Create calls are journaled as pending before they are made and record the new id after. */
  effect: 'create' | 'update' | 'delete';
  args: Json;
}

export interface PlannedAction {
  /** Unique in the plan: "<target>:<Kind>/<key>#<n>". */
  id: string;
  target: string;
  kind: string;
  key: string;
  op: ActionOp;
  /** Short verb shown to users: create, update, stock, publish, down-shelf, submit-audit, ... */
  label: string;
  /** Why (required for replace and for platform actions that are not obvious). */
  reason?: string;
  changes: FieldChange[];
  calls: PlannedCall[];
  phase: Phase;
  /** Action ids that must succeed first. */
  dependsOn: string[];
  /**
   * The live object the action was planned against. Apply re-reads the target and refuses the
   * plan when the object's digest changed (or, for a create, when the object appeared).
   */
  observed?: { id: string; digest: string } | { absent: true };
  destructive: boolean;
  /** The catalog object has `protect: true` (a destructive action on it trips the guard). */
  protect?: boolean;
}

export interface Unmanaged {
  kind: string;
  id: string;
  name: string;
}

export interface Orphan {
  kind: string;
  key: string;
  id: string;
}

export interface PlanNote {
  kind: string;
  key: string;
  /** info: shown, no action; warning: something the user should look at (e.g. audit rejected). */
  level: 'info' | 'warning';
  message: string;
}

export interface QuotaUse {
  name: string;
  /** Units this plan consumes. */
  needed: number;
  /** Units already used in the current period. */
  used: number;
  limit: number;
  /** ISO time the quota resets. */
  resetsAt: string;
}

export interface TargetPlan {
  target: string;
  platform: PlatformName;
  actions: PlannedAction[];
  unmanaged: Unmanaged[];
  orphaned: Orphan[];
  notes: PlanNote[];
  quotas: QuotaUse[];
  /** Managed objects on the platform before the plan (the base of maxDeletePercent). */
  managedCount: number;
  /** Reads made to build this target's plan. */
  readCalls: number;
}

/** A guard the plan trips; apply refuses (exit 4) while any is present. */
export interface GuardViolation {
  guard: 'mass-delete' | 'protected' | 'quota';
  target: string;
  message: string;
  keys: string[];
}

export interface PlanSummary {
  create: number;
  update: number;
  replace: number;
  delete: number;
  /** Platform actions (publish, shelf on/off, audit submissions...). */
  action: number;
  apiCalls: number;
  audits?: { needed: number; left: number };
}

export interface Plan {
  formatVersion: typeof PLAN_FORMAT_VERSION;
  createdAt: string;
  /** sha256 of every catalog file; apply refuses a saved plan when the catalog changed since. */
  catalogDigest: string;
  /** Targets the plan covers (a saved plan only applies to these). */
  targetNames: string[];
  targets: TargetPlan[];
  guards: GuardViolation[];
  summary: PlanSummary;
}

export function hasChanges(plan: Plan): boolean {
  return plan.targets.some((t) => t.actions.length > 0);
}
