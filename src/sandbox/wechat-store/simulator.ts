/**
 * Simulator of 微信小店 merchant API v1 (wechat-store), written from
 * the v1 document (docs/platforms/wechat-store.md, "Facts the adapter relies on"). The document's copy is
 * cut off after express/add; the group, shelf, express/del..getall and upload_img shapes follow the
 * manual's table of calls summarised there.
 * Token handling, quotas and the envelope: ../wechat-common/.
 *
 * Paths (below the account's base URL; all need ?access_token=):
 *   /merchant/create | del | update | get (GET with a JSON body, or POST) | getbystatus | modproductstatus
 *   /merchant/category/getsub | getsku | getproperty
 *   /merchant/stock/add | reduce
 *   /merchant/express/add | del | update | getbyid | getall (GET)
 *   /merchant/group/add | del | propertymod | productmod | getall (GET) | getbyid
 *   /merchant/shelf/add | del | mod | getall (GET) | getbyid
 *   /merchant/common/upload_img?filename=   raw image bytes -> {image_url: <baseUrl>/img/<sha256>}
 *   GET /img/<sha256>                       the uploaded bytes (no token: a public CDN link on WeChat)
 * The facts write the product calls as `product/create` etc.; both `/merchant/create` (the v1
 * manual) and `/merchant/product/create` are served.
 *
 * Error codes (success: errcode 0, errmsg "success"; all replies HTTP 200 except unknown paths):
 *   -1     system busy (fault injection)
 *   40001  invalid credential (unknown or superseded token, wrong secret)
 *   40005  upload_img: not a PNG/JPEG image
 *   40009  upload_img: image over 2 MB
 *   40013  invalid appid
 *   40014  malformed access_token
 *   40066  invalid url: an image URL (main_img, img, detail img, icon_url, shelf banner, module img)
 *          that this account's upload_img did not return
 *   40097  invalid args: missing/ill-typed fields, unknown category/property/SKU ids, bad sku_id
 *          format, price not below ori_price, stock would go negative, name/category/property
 *          changed after the product was on shelf, unknown product/template/group/shelf id,
 *          deleting a template or group still in use, upload_img without ?filename=
 *   41001  access_token missing          41005  upload_img: empty body
 *   42001  access_token expired          44002  empty post data
 *   45009  daily quota (option dailyCallLimit)   45011  per-minute limit (option perMinuteLimit)
 *   47001  body is not a JSON object
 *   48001  unknown path (HTTP 404)
 *
 * Choices where the document is silent: new products start off shelf (status 2); update replaces
 * the parts it is given (product_base, sku_list, attrext, delivery_info) and validates the result;
 * sku quantity in create/update is absolute, stock/add|reduce are deltas; property and category_id
 * come back as the ids that were sent; product/get has no `status` (getbystatus has); deleting a
 * product removes it from its groups; a template used by a product and a group used by a shelf
 * cannot be deleted; shelf module group counts are not limited.
 *
 * Options: tokenTtlSeconds (7200), perMinuteLimit (none), dailyCallLimit (none: every API call
 * except tokens counts against one daily bucket).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SimRequest, SimResponse, Simulator } from '../types.js';
import { fail, numberOption, wxBusy, wxOk } from '../wechat-common/envelope.js';
import { isWechatWrite, serveWechat, type WxRoute } from '../wechat-common/gate.js';
import { readImageInfo } from '../wechat-common/image.js';
import { childCategories, findCategory } from './categories.js';
import { body, flag, integer, invalid, list, numericId, record, STORE_ERR, text, uploadedImage, type StoreCtx } from './args.js';
import { CARRIERS, checkProductContent, frozenFieldChanges, productInfo } from './product.js';
import { initialStoreState, type FeeRule, type PostageTemplate, type StoreProduct, type WechatStoreState } from './state.js';

const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;
const ok = (fields: Record<string, unknown> = {}): SimResponse => wxOk(fields, 'success');

// ---------------------------------------------------------------- products

function findProduct(ctx: StoreCtx, raw: unknown): StoreProduct {
  const id = text(raw, 'product_id');
  const product = ctx.state.products.find((p) => p.product_id === id);
  if (!product) throw invalid(`product_id ${id} does not exist`);
  return product;
}

function newProductId(ctx: StoreCtx): string {
  for (;;) {
    const id = `p${randomBytes(20).toString('base64url').slice(0, 27)}`;
    if (!ctx.state.products.some((p) => p.product_id === id)) return id;
  }
}

function createProduct(req: SimRequest, ctx: StoreCtx): SimResponse {
  const content = checkProductContent(ctx, body(req));
  const product: StoreProduct = { product_id: newProductId(ctx), status: 2, everOnShelf: false, ...content };
  ctx.state.products.push(product);
  ctx.changed();
  return ok({ product_id: product.product_id });
}

function deleteProduct(req: SimRequest, ctx: StoreCtx): SimResponse {
  const product = findProduct(ctx, body(req)['product_id']);
  ctx.state.products = ctx.state.products.filter((p) => p !== product);
  for (const g of ctx.state.groups) g.product_list = g.product_list.filter((id) => id !== product.product_id);
  ctx.changed();
  return ok();
}

function updateProduct(req: SimRequest, ctx: StoreCtx): SimResponse {
  const b = body(req);
  const product = findProduct(ctx, b['product_id']);
  const { detail, ...base } = product.product_base;
  const merged: Record<string, unknown> = {
    product_base: { ...base, detail },
    sku_list: product.sku_list,
    attrext: product.attrext,
    ...(product.delivery_info ? { delivery_info: product.delivery_info } : {}),
  };
  for (const part of ['product_base', 'sku_list', 'attrext', 'delivery_info']) if (b[part] !== undefined) merged[part] = b[part];
  const content = checkProductContent(ctx, merged);
  const frozen = product.everOnShelf ? frozenFieldChanges(product.product_base, content.product_base) : [];
  if (frozen.length > 0) {
    throw invalid(`the product has been on shelf: ${frozen.join(', ')} can no longer change (delete and create it again)`);
  }
  Object.assign(product, content);
  ctx.changed();
  return ok();
}

function getProduct(req: SimRequest, ctx: StoreCtx): SimResponse {
  return ok({ product_info: productInfo(findProduct(ctx, body(req)['product_id'])) });
}

function productsByStatus(req: SimRequest, ctx: StoreCtx): SimResponse {
  const status = body(req)['status'];
  if (status !== 0 && status !== 1 && status !== 2) throw invalid('status must be 0 (all), 1 (on shelf) or 2 (off shelf)');
  const products = ctx.state.products.filter((p) => status === 0 || p.status === status);
  return ok({ products_info: products.map((p) => ({ ...productInfo(p), status: p.status })) });
}

function modProductStatus(req: SimRequest, ctx: StoreCtx): SimResponse {
  const b = body(req);
  const product = findProduct(ctx, b['product_id']);
  if (b['status'] !== 0 && b['status'] !== 1) throw invalid('status must be 0 (off shelf) or 1 (on shelf)');
  product.status = b['status'] === 1 ? 1 : 2;
  if (product.status === 1) product.everOnShelf = true;
  ctx.changed();
  return ok();
}

// ---------------------------------------------------------------- categories

function categoryOf(req: SimRequest) {
  const raw = body(req)['cate_id'];
  if (typeof raw !== 'string' && typeof raw !== 'number') throw invalid('cate_id must be a category id');
  const id = String(raw);
  const category = id === '1' ? undefined : findCategory(id);
  if (id !== '1' && !category) throw invalid(`cate_id ${id} does not exist`);
  return { id, category };
}

function subCategories(req: SimRequest): SimResponse {
  return ok({ cate_list: childCategories(categoryOf(req).id).map((c) => ({ id: c.id, name: c.name })) });
}

function categorySkus(req: SimRequest): SimResponse {
  const table = categoryOf(req).category?.skuTable ?? [];
  return ok({ sku_table: table.map((a) => ({ id: a.id, name: a.name, value_list: a.values })) });
}

function categoryProperties(req: SimRequest): SimResponse {
  const properties = categoryOf(req).category?.properties ?? [];
  return ok({ properties: properties.map((a) => ({ id: a.id, name: a.name, property_value: a.values })) });
}

// ---------------------------------------------------------------- stock

function changeStock(sign: 1 | -1) {
  return (req: SimRequest, ctx: StoreCtx): SimResponse => {
    const b = body(req);
    const product = findProduct(ctx, b['product_id']);
    const skuInfo = text(b['sku_info'] ?? '', 'sku_info', { allowEmpty: true });
    const quantity = integer(b['quantity'], 'quantity', 1);
    const sku = product.sku_list.find((s) => s.sku_id === skuInfo);
    if (!sku) throw invalid(`product ${product.product_id} has no sku "${skuInfo}"`);
    const next = sku.quantity + sign * quantity;
    if (next < 0) throw invalid(`stock of sku "${skuInfo}" is ${sku.quantity}; cannot reduce it by ${quantity}`);
    sku.quantity = next;
    ctx.changed();
    return ok();
  };
}

// ---------------------------------------------------------------- postage templates

function feeRule(raw: unknown, field: string): FeeRule {
  const r = record(raw, field);
  return {
    StartStandards: integer(r['StartStandards'], `${field}.StartStandards`, 1),
    StartFees: integer(r['StartFees'], `${field}.StartFees (fen)`),
    AddStandards: integer(r['AddStandards'], `${field}.AddStandards`, 1),
    AddFees: integer(r['AddFees'], `${field}.AddFees (fen)`),
  };
}

function checkTemplate(raw: unknown, id: number): PostageTemplate {
  const t = record(raw, 'delivery_template');
  if (t['Valuation'] !== undefined && t['Valuation'] !== 0) throw invalid('delivery_template.Valuation: only 0 (per item) is supported');
  const topFee = list(t['TopFee'], 'delivery_template.TopFee', 1).map((raw, i) => {
    const field = `delivery_template.TopFee[${i}]`;
    const f = record(raw, field);
    const type = integer(f['Type'], `${field}.Type`);
    if (!CARRIERS.includes(type)) throw invalid(`${field}.Type ${type} is not a carrier (${CARRIERS.join(', ')})`);
    const custom = list(f['Custom'] ?? [], `${field}.Custom`).map((c, j) => {
      const cf = `${field}.Custom[${j}]`;
      const r = record(c, cf);
      return {
        ...feeRule(r, cf),
        DestCountry: text(r['DestCountry'], `${cf}.DestCountry`),
        DestProvince: text(r['DestProvince'], `${cf}.DestProvince`),
        ...(r['DestCity'] === undefined ? {} : { DestCity: text(r['DestCity'], `${cf}.DestCity`) }),
      };
    });
    return { Type: type, Normal: feeRule(f['Normal'], `${field}.Normal`), Custom: custom };
  });
  if (new Set(topFee.map((f) => f.Type)).size !== topFee.length) throw invalid('delivery_template.TopFee repeats a carrier');
  return { Id: id, Name: text(t['Name'], 'delivery_template.Name'), Assumer: flag(t['Assumer'], 'delivery_template.Assumer'), Valuation: 0, TopFee: topFee };
}

function findTemplate(ctx: StoreCtx, raw: unknown): PostageTemplate {
  const id = numericId(raw, 'template_id');
  const template = ctx.state.templates.find((t) => t.Id === id);
  if (!template) throw invalid(`template_id ${id} does not exist`);
  return template;
}

function addTemplate(req: SimRequest, ctx: StoreCtx): SimResponse {
  const template = checkTemplate(body(req)['delivery_template'], ctx.state.nextTemplateId);
  ctx.state.nextTemplateId += 1;
  ctx.state.templates.push(template);
  ctx.changed();
  return ok({ template_id: template.Id });
}

function deleteTemplate(req: SimRequest, ctx: StoreCtx): SimResponse {
  const template = findTemplate(ctx, body(req)['template_id']);
  const user = ctx.state.products.find((p) => p.delivery_info?.delivery_type === 1 && p.delivery_info.template_id === template.Id);
  if (user) throw invalid(`template ${template.Id} is used by product ${user.product_id}`);
  ctx.state.templates = ctx.state.templates.filter((t) => t !== template);
  ctx.changed();
  return ok();
}

function updateTemplate(req: SimRequest, ctx: StoreCtx): SimResponse {
  const b = body(req);
  const template = findTemplate(ctx, b['template_id']);
  Object.assign(template, checkTemplate(b['delivery_template'], template.Id));
  ctx.changed();
  return ok();
}

const getTemplate = (req: SimRequest, ctx: StoreCtx): SimResponse => ok({ template_info: findTemplate(ctx, body(req)['template_id']) });
const allTemplates = (_req: SimRequest, ctx: StoreCtx): SimResponse => ok({ templates_info: ctx.state.templates });

// ---------------------------------------------------------------- groups

function findGroup(ctx: StoreCtx, raw: unknown) {
  const id = numericId(raw, 'group_id');
  const group = ctx.state.groups.find((g) => g.group_id === id);
  if (!group) throw invalid(`group_id ${id} does not exist`);
  return group;
}

function addGroup(req: SimRequest, ctx: StoreCtx): SimResponse {
  const detail = record(body(req)['group_detail'], 'group_detail');
  const name = text(detail['group_name'], 'group_detail.group_name');
  const products = list(detail['product_list'] ?? [], 'group_detail.product_list').map((id) => findProduct(ctx, id).product_id);
  const group = { group_id: ctx.state.nextGroupId, group_name: name, product_list: [...new Set(products)] };
  ctx.state.nextGroupId += 1;
  ctx.state.groups.push(group);
  ctx.changed();
  return ok({ group_id: group.group_id });
}

function groupIdsOfShelf(modules: Array<Record<string, unknown>>): number[] {
  return modules.flatMap((m) => {
    const single = m['group_info'] as { group_id?: number } | undefined;
    const many = (m['group_infos'] as { groups?: Array<{ group_id?: number }> } | undefined)?.groups ?? [];
    return [single?.group_id, ...many.map((g) => g.group_id)].filter((id): id is number => id !== undefined);
  });
}

function deleteGroup(req: SimRequest, ctx: StoreCtx): SimResponse {
  const group = findGroup(ctx, body(req)['group_id']);
  const shelf = ctx.state.shelves.find((s) => groupIdsOfShelf(s.module_infos).includes(group.group_id));
  if (shelf) throw invalid(`group ${group.group_id} is used by shelf ${shelf.shelf_id}`);
  ctx.state.groups = ctx.state.groups.filter((g) => g !== group);
  ctx.changed();
  return ok();
}

function renameGroup(req: SimRequest, ctx: StoreCtx): SimResponse {
  const b = body(req);
  const group = findGroup(ctx, b['group_id']);
  group.group_name = text(b['group_name'], 'group_name');
  ctx.changed();
  return ok();
}

function changeGroupProducts(req: SimRequest, ctx: StoreCtx): SimResponse {
  const b = body(req);
  const group = findGroup(ctx, b['group_id']);
  const changes = list(b['product'], 'product', 1).map((c, i) => {
    const r = record(c, `product[${i}]`);
    const action = r['mod_action'];
    if (action !== 0 && action !== 1) throw invalid(`product[${i}].mod_action must be 0 (remove) or 1 (add)`);
    const id = action === 1 ? findProduct(ctx, r['product_id']).product_id : text(r['product_id'], `product[${i}].product_id`);
    return { id, add: action === 1 };
  });
  for (const { id, add } of changes) {
    group.product_list = group.product_list.filter((p) => p !== id);
    if (add) group.product_list.push(id);
  }
  ctx.changed();
  return ok();
}

const allGroups = (_req: SimRequest, ctx: StoreCtx): SimResponse =>
  ok({ groups_detail: ctx.state.groups.map((g) => ({ group_id: g.group_id, group_name: g.group_name })) });
const getGroup = (req: SimRequest, ctx: StoreCtx): SimResponse => ok({ group_detail: findGroup(ctx, body(req)['group_id']) });

// ---------------------------------------------------------------- shelves

/**
 * Shelf modules (控件) 1..5: eid 1 {group_info:{group_id, filter:{count}}}; eid 2 {group_infos:{groups:[{group_id}]}};
 * eid 3 {group_info:{group_id, img}}; eid 4 {group_infos:{groups:[{group_id, img}]}};
 * eid 5 {group_infos:{groups:[{group_id}], img_background}}.
 */
function checkModule(ctx: StoreCtx, raw: unknown, field: string): Record<string, unknown> {
  const m = record(raw, field);
  const eid = m['eid'];
  const group = (g: unknown, f: string, withImg: boolean) => {
    const r = record(g, f);
    const id = numericId(r['group_id'], `${f}.group_id`);
    if (!ctx.state.groups.some((x) => x.group_id === id)) throw invalid(`${f}.group_id ${id} does not exist`);
    return { group_id: id, ...(withImg ? { img: uploadedImage(ctx, r['img'], `${f}.img`) } : {}) };
  };
  if (eid === 1) {
    const info = record(m['group_info'], `${field}.group_info`);
    const filter = record(info['filter'], `${field}.group_info.filter`);
    return { eid, group_info: { ...group(info, `${field}.group_info`, false), filter: { count: integer(filter['count'], `${field}.group_info.filter.count`, 1) } } };
  }
  if (eid === 3) return { eid, group_info: group(m['group_info'], `${field}.group_info`, true) };
  if (eid === 2 || eid === 4 || eid === 5) {
    const infos = record(m['group_infos'], `${field}.group_infos`);
    const groups = list(infos['groups'], `${field}.group_infos.groups`, 1).map((g, i) => group(g, `${field}.group_infos.groups[${i}]`, eid === 4));
    const background = eid === 5 ? { img_background: uploadedImage(ctx, infos['img_background'], `${field}.group_infos.img_background`) } : {};
    return { eid, group_infos: { groups, ...background } };
  }
  throw invalid(`${field}.eid must be 1..5`);
}

function checkShelf(ctx: StoreCtx, b: Record<string, unknown>) {
  const data = record(b['shelf_data'], 'shelf_data');
  const modules = list(data['module_infos'], 'shelf_data.module_infos', 1).map((m, i) => checkModule(ctx, m, `shelf_data.module_infos[${i}]`));
  const banner = b['shelf_banner'] === undefined || b['shelf_banner'] === '' ? '' : uploadedImage(ctx, b['shelf_banner'], 'shelf_banner');
  return { shelf_name: text(b['shelf_name'], 'shelf_name'), shelf_banner: banner, module_infos: modules };
}

function findShelf(ctx: StoreCtx, raw: unknown) {
  const id = numericId(raw, 'shelf_id');
  const shelf = ctx.state.shelves.find((s) => s.shelf_id === id);
  if (!shelf) throw invalid(`shelf_id ${id} does not exist`);
  return shelf;
}

function addShelf(req: SimRequest, ctx: StoreCtx): SimResponse {
  const shelf = { shelf_id: ctx.state.nextShelfId, ...checkShelf(ctx, body(req)) };
  ctx.state.nextShelfId += 1;
  ctx.state.shelves.push(shelf);
  ctx.changed();
  return ok({ shelf_id: shelf.shelf_id });
}

function deleteShelf(req: SimRequest, ctx: StoreCtx): SimResponse {
  const shelf = findShelf(ctx, body(req)['shelf_id']);
  ctx.state.shelves = ctx.state.shelves.filter((s) => s !== shelf);
  ctx.changed();
  return ok();
}

function modShelf(req: SimRequest, ctx: StoreCtx): SimResponse {
  const b = body(req);
  const shelf = findShelf(ctx, b['shelf_id']);
  Object.assign(shelf, checkShelf(ctx, b));
  ctx.changed();
  return ok();
}

const shelfReply = (s: WechatStoreState['shelves'][number]) => ({
  shelf_info: { module_infos: s.module_infos },
  shelf_banner: s.shelf_banner,
  shelf_name: s.shelf_name,
  shelf_id: s.shelf_id,
});
const allShelves = (_req: SimRequest, ctx: StoreCtx): SimResponse => ok({ shelves: ctx.state.shelves.map(shelfReply) });
const getShelf = (req: SimRequest, ctx: StoreCtx): SimResponse => ok(shelfReply(findShelf(ctx, body(req)['shelf_id'])));

// ---------------------------------------------------------------- images

function uploadImage(req: SimRequest, ctx: StoreCtx): SimResponse {
  const filename = req.query.get('filename');
  if (!filename) throw invalid('filename query parameter is required');
  if (req.body.length === 0) throw fail(STORE_ERR.mediaMissing, 'media data missing: send the image bytes as the body');
  if (req.body.length > MAX_UPLOAD_BYTES) throw fail(STORE_ERR.invalidImageSize, `invalid image size: ${req.body.length} bytes, at most 2 MB`);
  const info = readImageInfo(req.body);
  if (!info) throw fail(STORE_ERR.invalidFileType, 'invalid file type: not a PNG or JPEG image');
  const sha = createHash('sha256').update(req.body).digest('hex');
  const image = (ctx.state.images[sha] ??= { size: req.body.length, width: info.width, height: info.height, uploadedAt: ctx.clock.now() });
  image.base64 ??= Buffer.from(req.body).toString('base64'); // seeded images have no bytes until uploaded
  ctx.changed();
  return ok({ image_url: `${ctx.baseUrl}/img/${sha}` });
}

/** GET <baseUrl>/img/<sha256>: the image an upload_img URL names (the real URLs are public CDN links). */
function downloadImage(req: SimRequest, ctx: StoreCtx): SimResponse | undefined {
  const sha = req.method === 'GET' ? /^\/img\/([0-9a-f]{64})$/.exec(req.path)?.[1] : undefined;
  if (sha === undefined) return undefined;
  const image = Object.hasOwn(ctx.state.images, sha) ? ctx.state.images[sha] : undefined;
  if (!image?.base64) return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'not found' };
  const bytes = new Uint8Array(Buffer.from(image.base64, 'base64'));
  return { status: 200, headers: { 'content-type': bytes[0] === 0x89 ? 'image/png' : 'image/jpeg' }, body: bytes };
}

// ---------------------------------------------------------------- routing

type Run = WxRoute<WechatStoreState>['run'];
const dailyCalls = (ctx: StoreCtx) => ({ bucket: 'all', limit: numberOption(ctx.options, 'dailyCallLimit', Number.POSITIVE_INFINITY) });
const read = (run: Run): WxRoute<WechatStoreState> => ({ write: false, daily: dailyCalls, run });
const write = (run: Run): WxRoute<WechatStoreState> => ({ write: true, daily: dailyCalls, run });

const PRODUCT_ROUTES: Record<string, WxRoute<WechatStoreState>> = {
  create: write(createProduct),
  del: write(deleteProduct),
  update: write(updateProduct),
  get: read(getProduct),
  getbystatus: read(productsByStatus),
  modproductstatus: write(modProductStatus),
};

const STORE_ROUTES: Record<string, WxRoute<WechatStoreState>> = {
  ...Object.fromEntries(
    Object.entries(PRODUCT_ROUTES).flatMap(([name, route]) => [
      [`/merchant/${name}`, route],
      [`/merchant/product/${name}`, route],
    ]),
  ),
  '/merchant/category/getsub': read(subCategories),
  '/merchant/category/getsku': read(categorySkus),
  '/merchant/category/getproperty': read(categoryProperties),
  '/merchant/stock/add': write(changeStock(1)),
  '/merchant/stock/reduce': write(changeStock(-1)),
  '/merchant/express/add': write(addTemplate),
  '/merchant/express/del': write(deleteTemplate),
  '/merchant/express/update': write(updateTemplate),
  '/merchant/express/getbyid': read(getTemplate),
  '/merchant/express/getall': read(allTemplates),
  '/merchant/group/add': write(addGroup),
  '/merchant/group/del': write(deleteGroup),
  '/merchant/group/propertymod': write(renameGroup),
  '/merchant/group/productmod': write(changeGroupProducts),
  '/merchant/group/getall': read(allGroups),
  '/merchant/group/getbyid': read(getGroup),
  '/merchant/shelf/add': write(addShelf),
  '/merchant/shelf/del': write(deleteShelf),
  '/merchant/shelf/mod': write(modShelf),
  '/merchant/shelf/getall': read(allShelves),
  '/merchant/shelf/getbyid': read(getShelf),
  '/merchant/common/upload_img': write(uploadImage),
};

export const wechatStoreSimulator: Simulator<WechatStoreState> = {
  platform: 'wechat-store',
  initialState: initialStoreState,
  handle: (req, ctx) => downloadImage(req, ctx) ?? serveWechat(req, ctx, STORE_ROUTES),
  busyResponse: wxBusy,
  isWrite: (req) => isWechatWrite(req, STORE_ROUTES),
};
