/** Persisted state of one simulated 外勤365 tenant (JSON-serialisable: it is written to the sandbox state file). */

export interface Waiqin365Ref {
  id: string;
  name: string;
}

export interface Waiqin365Group {
  /** Platform id: a 19-digit numeric string. */
  id: string;
  /** 外部系统ID (our key); "" when the group was made without one (e.g. in the web console). */
  source_code: string;
  code: string;
  name: string;
  /** "1" enabled, "0" disabled (query output returns the stored value). */
  is_enable: '1' | '0';
  /** 1 normal, 0 deleted (there is no delete call; deleted groups come only from the console / seed). */
  status: 0 | 1;
  sales_org_code: string;
  sales_org_source_code: string;
  /** Exactly one of brands / types is non-empty. */
  brands: Waiqin365Ref[];
  types: Waiqin365Ref[];
  /** Milliseconds since epoch. */
  createdAt: number;
  modifiedAt: number;
}

export interface Waiqin365State {
  groups: Record<string, Waiqin365Group>;
  /** The tenant's brand and product-type dictionaries: id -> name. Unknown names are added on save. */
  brands: Record<string, string>;
  types: Record<string, string>;
  /** msg_id -> when it was accepted (ms); kept one hour for replay detection. */
  msgIds: Record<string, number>;
  /** Next platform id (groups, brands, types share one sequence). */
  nextId: number;
  /** Replies sent so far: drives the alternating number/string `return_code`. */
  replies: number;
}

export function emptyWaiqin365State(): Waiqin365State {
  return { groups: {}, brands: {}, types: {}, msgIds: {}, nextId: 1, replies: 0 };
}

/** Platform ids look like the document's example ("6729740754530270632"). */
export function waiqin365Id(sequence: number): string {
  return (6729740754530270000n + BigInt(sequence)).toString();
}
