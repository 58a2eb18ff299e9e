/**
 * 微信小店 (wechat-store) per-object planning (pure). Minimal calls:
 * - Image: common/upload_img once per file content (phase images); a file already in state is not
 *   uploaded again (the returned URL is permanent).
 * - ShippingTemplate: express/add | express/update | express/del.
 * - Group: group/add, rename through group/propertymod, membership through group/productmod
 *   (phase group-membership, adds and removes of one group in one call), group/del.
 * - Product: stock-only differences through stock/add | stock/reduce (deltas from the live read,
 *   under the stock policy); shelf state through modproductstatus; anything else through one full
 *   `update`. Name, category and properties of a product that has ever been on shelf cannot change
 *   (document 1.3): that is planned as a replace (del + create + group membership), with the reason.
 * - Shelf: shelf/add | shelf/mod | shelf/del.
 * Ids of objects created in the same apply are `{ $ref }`; the client turns numeric ids into numbers.
 */
import { creationChanges } from '../../plan/diff.js';
import type { FieldChange, Json, PlannedCall } from '../../plan/types.js';
import type { ActionDraft, DesiredObject, LiveObject, ObjectPlan, ObjectPlanInput } from '../types.js';
import { CARRIER_IDS, imageRef, skuInfoOf, type Carrier } from './mapping.js';
import { applyStockPolicy } from '../stock-policy.js';

type Fields = { [k: string]: Json };

const ref = (kind: string, key: string): Json => ({ $ref: `${kind}/${key}` });
const flag = (v: Json | undefined): number => (v === true ? 1 : 0);

/** Paths that can no longer change once a product has been on shelf (document 1.3). */
const FROZEN = /^(name|categoryId|properties)(\.|$)/;
const isStockChange = (c: FieldChange): boolean =>
  (c.path === 'stock' || /^skus\.[^.]+\.stock$/.test(c.path)) && typeof c.before === 'number' && typeof c.after === 'number';

export function planObject(input: ObjectPlanInput): ObjectPlan {
  const kind = input.desired?.kind ?? input.live?.kind;
  switch (kind) {
    case 'Image':
      return planImage(input);
    case 'ShippingTemplate':
      return planSimple(input, TEMPLATE_CALLS);
    case 'Group':
      return planGroup(input);
    case 'Shelf':
      return withSkippedImages(input.desired, planSimple(input, SHELF_CALLS));
    case 'Product':
      return withSkippedImages(input.desired, planProduct(input));
    default:
      return { actions: [] };
  }
}

function withSkippedImages(d: DesiredObject | undefined, plan: ObjectPlan): ObjectPlan {
  const skipped = (d?.extra?.skippedImages ?? []) as string[];
  if (skipped.length === 0) return plan;
  const message = `image${skipped.length === 1 ? '' : 's'} ${skipped.join(', ')} not used on wechat-store: every image must come from common/upload_img, so only files under the catalog folder (uploaded by catalog) and mmbiz.qpic.cn URLs can be used`;
  return { ...plan, notes: [...(plan.notes ?? []), { level: 'warning', message }] };
}

// ---------------------------------------------------------------- images

function planImage({ desired, state }: ObjectPlanInput): ObjectPlan {
  if (!desired || state.get(imageRef(desired.key))) return { actions: [] };
  const path = String(desired.extra?.path ?? desired.key);
  return {
    actions: [
      {
        op: 'create',
        label: `upload ${path}`,
        changes: [{ path: 'file', after: path }],
        calls: [{ op: 'image.upload', effect: 'create', args: { path, sha256: desired.key } }],
        phase: 'images',
      },
    ],
  };
}

// ---------------------------------------------------------------- templates and shelves

interface SimpleCalls {
  kind: string;
  phase: ActionDraft['phase'];
  deletePhase: ActionDraft['phase'];
  create: string;
  update: string;
  delete: string;
  idField: string;
  body(d: DesiredObject): Fields;
}

function planSimple({ desired: d, live: l, changes }: ObjectPlanInput, c: SimpleCalls): ObjectPlan {
  if (d && !l) {
    return { actions: [{ op: 'create', label: 'create', changes: creationChanges(d.fields), calls: [{ op: c.create, effect: 'create', args: c.body(d) }], phase: c.phase }] };
  }
  if (!d && l) {
    return { actions: [{ op: 'delete', label: 'delete', changes: [], calls: [{ op: c.delete, effect: 'delete', args: { [c.idField]: l.id } }], phase: c.deletePhase }] };
  }
  if (d && l && changes.length > 0) {
    return { actions: [{ op: 'update', label: 'update', changes, calls: [{ op: c.update, effect: 'update', args: { [c.idField]: l.id, ...c.body(d) } }], phase: c.phase }] };
  }
  return { actions: [] };
}

const fee = (r: Fields) => ({ StartStandards: r.firstItems!, StartFees: r.firstFee!, AddStandards: r.additionalItems!, AddFees: r.additionalFee! });

function templateBody(d: DesiredObject): Fields {
  const f = d.fields;
  const rates = f.rates as { [carrier: string]: Fields };
  return {
    delivery_template: {
      Name: f.name!,
      Assumer: f.payer === 'seller' ? 1 : 0,
      Valuation: 0,
      TopFee: Object.entries(rates).map(([carrier, r]) => ({
        Type: CARRIER_IDS[carrier as Carrier],
        Normal: fee(r),
        Custom: (r.regions as Fields[]).map((g) => ({
          ...fee(g),
          DestCountry: g.country!,
          DestProvince: g.province!,
          ...(g.city !== undefined ? { DestCity: g.city } : {}),
        })),
      })),
    },
  };
}

const TEMPLATE_CALLS: SimpleCalls = {
  kind: 'ShippingTemplate',
  phase: 'shipping-templates',
  deletePhase: 'delete-shipping-templates',
  create: 'express.add',
  update: 'express.update',
  delete: 'express.del',
  idField: 'template_id',
  body: templateBody,
};

/** Shelf modules (控件) eid 1..5 with their group_info / group_infos forms. */
function shelfBody(d: DesiredObject): Fields {
  const f = d.fields;
  const wires = (d.extra?.imageWires ?? {}) as { [token: string]: Json };
  const img = (token: Json | undefined): Json => (typeof token === 'string' ? (wires[token] ?? token) : '');
  const modules = (f.modules as Fields[]).map((m): Json => {
    const groups = (m.groups as string[]).map((g) => ref('Group', g));
    switch (m.type) {
      case 1:
        return { eid: 1, group_info: { group_id: groups[0]!, filter: { count: m.count! } } };
      case 3:
        return { eid: 3, group_info: { group_id: groups[0]!, img: img(m.image) } };
      case 4:
        return { eid: 4, group_infos: { groups: groups.map((group_id) => ({ group_id, img: img(m.image) })) } };
      case 5:
        return { eid: 5, group_infos: { groups: groups.map((group_id) => ({ group_id })), img_background: img(m.image) } };
      default:
        return { eid: 2, group_infos: { groups: groups.map((group_id) => ({ group_id })) } };
    }
  });
  return { shelf_data: { module_infos: modules }, shelf_banner: f.banner ? img(f.banner) : '', shelf_name: f.name! };
}

const SHELF_CALLS: SimpleCalls = {
  kind: 'Shelf',
  phase: 'shelves',
  deletePhase: 'delete-shelves',
  create: 'shelf.add',
  update: 'shelf.mod',
  delete: 'shelf.del',
  idField: 'shelf_id',
  body: shelfBody,
};

// ---------------------------------------------------------------- groups

function membershipCall(groupId: Json, add: string[], remove: string[]): PlannedCall {
  return {
    op: 'group.productmod',
    effect: 'update',
    args: {
      group_id: groupId,
      product: [
        ...remove.map((p) => ({ product_id: ref('Product', p), mod_action: 0 })),
        ...add.map((p) => ({ product_id: ref('Product', p), mod_action: 1 })),
      ],
    },
  };
}

function planGroup({ desired: d, live: l, changes }: ObjectPlanInput): ObjectPlan {
  if (d && !l) {
    const products = d.fields.products as string[];
    const actions: ActionDraft[] = [
      {
        op: 'create',
        label: 'create',
        changes: [{ path: 'name', after: d.fields.name! }],
        calls: [{ op: 'group.add', effect: 'create', args: { group_detail: { group_name: d.fields.name!, product_list: [] } } }],
        phase: 'groups',
      },
    ];
    if (products.length > 0) {
      actions.push({ op: 'action', label: 'add products', changes: [{ path: 'products', before: [], after: products }], calls: [membershipCall(ref('Group', d.key), products, [])], phase: 'group-membership' });
    }
    return { actions };
  }
  if (!d && l) {
    return { actions: [{ op: 'delete', label: 'delete', changes: [], calls: [{ op: 'group.del', effect: 'delete', args: { group_id: l.id } }], phase: 'delete-groups' }] };
  }
  if (!d || !l) return { actions: [] };
  const actions: ActionDraft[] = [];
  const rename = changes.find((c) => c.path === 'name');
  if (rename) {
    actions.push({ op: 'update', label: 'rename', changes: [rename], calls: [{ op: 'group.propertymod', effect: 'update', args: { group_id: l.id, group_name: d.fields.name! } }], phase: 'groups' });
  }
  const members = changes.find((c) => c.path === 'products');
  if (members) {
    const want = new Set(d.fields.products as string[]);
    const have = new Set((l.fields.products ?? []) as string[]);
    const add = [...want].filter((p) => !have.has(p));
    const remove = [...have].filter((p) => !want.has(p));
    actions.push({ op: 'update', label: 'group membership', changes: [members], calls: [membershipCall(l.id, add, remove)], phase: 'group-membership' });
  }
  return { actions };
}

// ---------------------------------------------------------------- products

interface SkuFields {
  spec: string;
  price: number;
  originalPrice: number;
  stock: number;
  icon: string;
}

/** The create/update body; `quantity(skuKey, desired)` decides each SKU's absolute stock. */
export function productBody(d: DesiredObject, quantity: (skuKey: string, desired: number) => number): Fields {
  const f = d.fields;
  const wires = (d.extra?.imageWires ?? {}) as { [token: string]: Json };
  const img = (token: Json | undefined): Json => (typeof token === 'string' && token !== '' ? (wires[token] ?? token) : '');
  const skus = f.skus as unknown as { [k: string]: SkuFields };
  const specs = (d.extra?.specs ?? {}) as { [k: string]: Array<[string, string]> };
  const skuKeys = Object.keys(skus);
  const skuInfo = skuInfoOf(skuKeys.map((k) => specs[k] ?? []));
  const sku_list: Json[] =
    skuKeys.length === 0
      ? [{ sku_id: '', price: f.price!, ori_price: f.originalPrice!, quantity: quantity('', f.stock as number), icon_url: '', product_code: d.key }]
      : skuKeys.map((k) => {
          const s = skus[k]!;
          return { sku_id: s.spec, price: s.price, ori_price: s.originalPrice, quantity: quantity(k, s.stock), icon_url: img(s.icon), product_code: `${d.key}:${k}` };
        });
  const attrext = f.attrext as Fields;
  const delivery = f.delivery as Fields;
  const body: Fields = {
    product_base: {
      category_id: [f.categoryId!],
      property: Object.entries(f.properties as Fields).map(([id, vid]) => ({ id, vid })),
      name: f.name!,
      sku_info: skuInfo,
      main_img: img(f.mainImage),
      img: (f.images as string[]).map(img),
      detail: (f.detail as Fields[]).map((b): Json => (b.image !== undefined ? { img: img(b.image) } : { text: b.text! })),
      buy_limit: f.buyLimit!,
    },
    sku_list,
    attrext: {
      ...(attrext.location ? { location: attrext.location } : {}),
      isPostFree: flag(attrext.isPostFree),
      isHasReceipt: flag(attrext.isHasReceipt),
      isUnderGuaranty: flag(attrext.isUnderGuaranty),
      isSupportReplace: flag(attrext.isSupportReplace),
    },
  };
  if (delivery.type === 'template') body.delivery_info = { delivery_type: 1, template_id: ref('ShippingTemplate', delivery.template as string), express: [] };
  else if (delivery.type === 'express') {
    const fees = delivery.fees as { [c: string]: number };
    body.delivery_info = { delivery_type: 0, template_id: 0, express: Object.entries(fees).map(([c, price]) => ({ id: CARRIER_IDS[c as Carrier], price })) };
  }
  return body;
}

const shelfCall = (productId: Json, on: boolean): PlannedCall => ({ op: 'product.modproductstatus', effect: 'update', args: { product_id: productId, status: on ? 1 : 0 } });

function shelfOnAfterCreate(key: string): ActionDraft {
  return { op: 'action', label: 'on shelf', changes: [{ path: 'onShelf', before: false, after: true }], calls: [shelfCall(ref('Product', key), true)], phase: 'shelf-state' };
}

function planProduct(input: ObjectPlanInput): ObjectPlan {
  const { desired: d, live: l } = input;
  if (d && !l) {
    const actions: ActionDraft[] = [
      {
        op: 'create',
        label: 'create',
        changes: creationChanges(d.fields).filter((c) => c.path !== 'onShelf'),
        calls: [{ op: 'product.create', effect: 'create', args: productBody(d, (_k, s) => s) }],
        phase: 'products',
      },
    ];
    if (d.fields.onShelf === true) actions.push(shelfOnAfterCreate(d.key));
    return { actions };
  }
  if (!d && l) {
    return { actions: [{ op: 'delete', label: 'delete', changes: [], calls: [{ op: 'product.del', effect: 'delete', args: { product_id: l.id } }], phase: 'delete-products' }] };
  }
  if (d && l) return planProductUpdate(d, l, input);
  return { actions: [] };
}

function planProductUpdate(d: DesiredObject, l: LiveObject, input: ObjectPlanInput): ObjectPlan {
  const policy = input.policy.stock;
  const { kept, notes } = applyStockPolicy(input.changes, policy, isStockChange);

  const frozen = l.meta.frozen === true ? kept.filter((c) => FROZEN.test(c.path)) : [];
  if (frozen.length > 0) {
    const groups = (d.extra?.groups ?? []) as string[];
    const calls: PlannedCall[] = [
      { op: 'product.del', effect: 'delete', args: { product_id: l.id } },
      { op: 'product.create', effect: 'create', args: productBody(d, (_k, s) => s) },
      ...groups.map((g) => membershipCall(ref('Group', g), [d.key], [])),
    ];
    const actions: ActionDraft[] = [
      {
        op: 'replace',
        label: 'replace',
        reason: `${[...new Set(frozen.map((c) => c.path.split('.')[0]))].join(', ')} cannot change once a product has been on shelf (微信小店 v1): it is deleted and created again with a new product_id`,
        changes: input.changes,
        calls,
        phase: 'products',
      },
    ];
    if (d.fields.onShelf === true) actions.push(shelfOnAfterCreate(d.key));
    return { actions, notes: [] };
  }

  const onShelf = kept.find((c) => c.path === 'onShelf');
  const stock = kept.filter(isStockChange);
  const rest = kept.filter((c) => c !== onShelf && !isStockChange(c));
  const actions: ActionDraft[] = [];
  if (rest.length > 0) {
    // One full update; existing SKUs keep their live stock unless the policy is exact.
    const liveSkus = (l.fields.skus ?? {}) as unknown as { [k: string]: SkuFields };
    const quantity = (k: string, want: number): number => {
      if (policy === 'exact') return want;
      const have = k === '' ? l.fields.stock : liveSkus[k]?.stock;
      return typeof have === 'number' ? have : want;
    };
    actions.push({ op: 'update', label: 'update', changes: [...rest, ...stock], calls: [{ op: 'product.update', effect: 'update', args: { product_id: l.id, ...productBody(d, quantity) } }], phase: 'products' });
  } else if (stock.length > 0) {
    const skuIds = (l.meta.skuIds ?? {}) as { [k: string]: string };
    const calls: PlannedCall[] = stock.map((c) => {
      const skuKey = c.path === 'stock' ? '' : c.path.split('.')[1]!;
      const delta = (c.after as number) - (c.before as number);
      return { op: delta > 0 ? 'stock.add' : 'stock.reduce', effect: 'update', args: { product_id: l.id, sku_info: skuIds[skuKey] ?? '', quantity: Math.abs(delta) } };
    });
    actions.push({ op: 'update', label: 'stock', changes: stock, calls, phase: 'stock' });
  }
  if (onShelf) {
    actions.push({ op: 'action', label: onShelf.after === true ? 'on shelf' : 'off shelf', changes: [onShelf], calls: [shelfCall(l.id, onShelf.after === true)], phase: 'shelf-state' });
  }
  return { actions, notes };
}
