/**
 * Catalog -> desired and wire -> live for 小裂变, in one comparable shape:
 * - Product: `productId` = catalog key (a productId that is no catalog key is the merchant's own: such a
 *   product is ours only through the state or its import key "<target>-<id>"); price in integer fen (the wire's yuan string is converted at the
 *   wire only); `link` as `{url}` or `{appId, path}`; `groups` = the sorted Group keys the product is
 *   bound to (the vendor's page: 同一商品可绑定多个分组, a product may be bound to several groups; every
 *   group of the product that goes to the target); `onSale` = marketState 1.
 * - Group: identified by the state record "Group/<key>" (its groupId) first, else by name (adoption).
 */
import { KEY_PATTERN } from '../../catalog/model.js';
import type { Catalog, Group, Product } from '../../catalog/types.js';
import { formatFen, parseMoney, yuanNumberToFen, type Fen } from '../../money/fen.js';
import type { TargetConfig } from '../../config/model.js';
import type { Json } from '../../plan/types.js';
import { keyResolver } from '../import-key.js';
import { fenFields, type DesiredObject, type FieldUnits, type LiveObject, type TargetState } from '../types.js';
import { MARKET_STATE, type WireGroup, type WireProduct } from './wire.js';

/** A product's comparable fields (desired and live), money typed with its unit. */
export type ProductFields = {
  title: string;
  banner: string;
  price: Fen;
  platformType: number;
  link: { url: string } | { appId: string; path: string };
  groups: string[];
  onSale: boolean;
  useScene?: number | null;
};

/** Which comparable fields are money in fen, per kind (the plan shows them in yuan). */
export const FIELD_UNITS: FieldUnits = { Product: fenFields<ProductFields>({ price: true }) };

export function desired(catalog: Catalog, target: TargetConfig): DesiredObject[] {
  const groups = catalog.groups.filter((g) => g.targets.includes(target.name));
  const groupKeys = new Set(groups.map((g) => g.key));
  return [
    ...groups.map(desiredGroup),
    ...catalog.products.filter((p) => p.targets.includes(target.name)).map((p) => desiredProduct(p, groupKeys)),
  ];
}

function desiredGroup(g: Group): DesiredObject {
  return { kind: 'Group', key: g.key, protect: g.protect, fields: { name: g.name } };
}

/** The banner the platform gets: the block's banner, else the first image; only URLs (there is no upload call). */
function bannerUrl(p: Pick<Product, 'images' | 'platforms'>): string | undefined {
  const banner = p.platforms.xiaoliebian?.banner;
  if (banner) return banner.kind === 'url' ? banner.url : undefined;
  return p.images.find((i) => i.kind === 'url')?.url ?? undefined;
}

function desiredProduct(p: Product, groupKeys: ReadonlySet<string>): DesiredObject {
  const x = p.platforms.xiaoliebian;
  if (!x) throw new Error(`bug: product ${p.key} reached xiaoliebian without a xiaoliebian block (the loader requires it)`);
  const banner = bannerUrl(p);
  if (banner === undefined) throw new Error(`bug: product ${p.key} reached xiaoliebian without a URL banner (the loader requires one)`);
  const fields: { [k: string]: Json } = {
    title: p.title,
    banner,
    price: p.price,
    platformType: x.platformType,
    link: 'url' in x.link ? { url: x.link.url } : { appId: x.link.appId, path: x.link.path },
    groups: p.groups.filter((g) => groupKeys.has(g)).sort(),
    onSale: p.onSale,
  };
  if (x.useScene !== undefined) fields.useScene = x.useScene;
  return { kind: 'Product', key: p.key, protect: p.protect, fields };
}

const MAX_YUAN = Number.MAX_SAFE_INTEGER / 100;

/** Fen -> the wire's yuan string ("19.90"). */
export const toYuan = (fen: Fen): string => formatFen(fen);

/** The wire's yuan (string or number) -> fen; undefined when it is not an amount. */
export function fromYuan(v: string | number | null | undefined): Fen | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 && v <= MAX_YUAN ? yuanNumberToFen(v) : undefined;
  const parsed = parseMoney(v);
  return 'fen' in parsed ? parsed.fen : undefined;
}

/**
 * Groups on the platform with their keys: a state record naming the groupId wins; otherwise a group
 * whose name equals a desired group's name (not claimed already) is adopted under that key.
 */
export function liveGroups(wire: WireGroup[], state: TargetState, desired: readonly DesiredObject[]): LiveObject[] {
  const keyById = new Map<string, string>();
  for (const [ref, rec] of state.entries()) if (ref.startsWith('Group/')) keyById.set(rec.id, ref.slice('Group/'.length));
  const claimed = new Set(wire.map((g) => keyById.get(String(g.groupId))).filter((k): k is string => k !== undefined));
  const byName = new Map<string, string>();
  for (const d of desired) if (d.kind === 'Group' && !claimed.has(d.key)) byName.set(d.fields.name as string, d.key);
  return wire.map((g) => {
    const id = String(g.groupId);
    let key = keyById.get(id);
    if (key === undefined) {
      key = byName.get(g.groupName);
      if (key !== undefined) byName.delete(g.groupName);
    }
    return { kind: 'Group', id, ...(key !== undefined ? { key } : {}), name: g.groupName, fields: { name: g.groupName }, meta: {} };
  });
}

/** How a product's group shows in the comparable shape: our key, or a label no key can equal. */
function groupLabel(groups: readonly LiveObject[], groupId: string | null): Json {
  if (groupId === null) return null;
  const g = groups.find((x) => x.id === groupId);
  if (g?.key !== undefined) return g.key;
  return g ? `${g.name} (unmanaged group ${groupId})` : `unknown group ${groupId}`;
}

/** The ids of the groups a product is bound to: `groupIds`, else the one `groupId`; undefined when the answer names neither. */
function boundGroupIds(w: WireProduct): string[] | undefined {
  if (Array.isArray(w.groupIds)) return [...new Set(w.groupIds.map(String).filter((id) => id !== ''))];
  if (!('groupId' in w) && !('groupIds' in w)) return undefined;
  return w.groupId === null || w.groupId === undefined || w.groupId === '' ? [] : [String(w.groupId)];
}

/**
 * A product in the comparable shape. `meta.groupIds`: the ids of its groups; `meta.groupIdByLabel`:
 * the id behind each label of `groups` (what an unbind needs).
 */
export function liveProduct(w: WireProduct, groups: readonly LiveObject[]): LiveObject {
  const groupIds = boundGroupIds(w);
  const groupIdByLabel: { [label: string]: Json } = {};
  for (const id of groupIds ?? []) groupIdByLabel[groupLabel(groups, id) as string] = id;
  const fields: { [k: string]: Json } = {};
  const set = (k: string, v: Json | undefined) => {
    if (v !== undefined) fields[k] = v;
  };
  set('title', w.title);
  set('banner', w.banner ?? undefined);
  set('price', fromYuan(w.price));
  set('platformType', w.platformType ?? undefined);
  const link = w.productLink;
  if (link) set('link', link.productUrl ? { url: link.productUrl } : { appId: link.appId ?? '', path: link.path ?? '' });
  if (w.useScene !== undefined) set('useScene', w.useScene);
  if (groupIds !== undefined) set('groups', Object.keys(groupIdByLabel).sort());
  if (w.marketState !== undefined && w.marketState !== null) set('onSale', w.marketState === MARKET_STATE.on);
  return {
    kind: 'Product',
    id: w.productId,
    ...(KEY_PATTERN.test(w.productId) ? { key: w.productId } : {}),
    name: w.title ?? w.productId,
    fields,
    meta: { groupIds: groupIds ?? [], groupIdByLabel, marketState: w.marketState ?? null },
  };
}

/**
 * Groups with the (sorted) ids of the products bound to them: `productIds` are ours (a group delete
 * unbinds them first), `foreignProductIds` are not managed by this catalog (the group is then not
 * deleted: unbinding them would touch objects we do not manage).
 */
export function withBoundProducts(groups: LiveObject[], products: readonly LiveObject[], isOurs: (product: LiveObject) => boolean): LiveObject[] {
  return groups.map((g) => {
    const bound = products.filter((p) => (p.meta.groupIds as string[]).includes(g.id));
    const productIds = bound.filter(isOurs).map((p) => p.id).sort();
    const foreignProductIds = bound.filter((p) => !isOurs(p)).map((p) => p.id).sort();
    return { ...g, meta: { ...g.meta, productIds, foreignProductIds } };
  });
}

/**
 * Whether a live product is managed on this target: the catalog wants it (by productId, or by the
 * import key the engine derives for a productId that is no catalog key) or the state names its id.
 */
export function ownedProducts(state: TargetState, desired: readonly DesiredObject[], target: string): (product: LiveObject) => boolean {
  const wanted = new Set(desired.filter((d) => d.kind === 'Product').map((d) => d.key));
  const keyOf = keyResolver(state, desired, target);
  return (p) => (p.key !== undefined && wanted.has(p.key)) || keyOf('Product', p.id) !== undefined;
}
