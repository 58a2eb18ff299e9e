/**
 * Freight templates (运费模板), platform-docs/wechat-channels.md §7:
 *   POST /channels/ec/merchant/addfreighttemplate       {freight_template:{…}} -> {template_id}
 *   POST /channels/ec/merchant/updatefreighttemplate    {freight_template:{template_id, …}} -> {template_id}
 *   POST /channels/ec/merchant/getfreighttemplatedetail {template_id} -> {freight_template}
 *   POST /channels/ec/merchant/getfreighttemplatelist   {offset, limit} -> {template_id_list: string[]}
 *
 * Checks (codes from the document): name unique (10021200); send_time one of the known values
 * (10021082); ship-from `address_info.province_name` present (10021081) and a province-level
 * region (10021054, as are the provinces of every rule); the pricing rules contain one default rule
 * (`is_default: true`, 10021055) without addresses (10021053); `not_send_area` may not cover every
 * province (10025501); at most 20 couriers (10025502), 20 free-shipping rules (10025503) and 50
 * pricing rules (10025504) — those three limits are the simulator's (the document gives none).
 * Fees are whole fen. Update replaces the whole template: every field add requires is required
 * again (the document: "update marks every field required").
 * `address_infos` and `address_info` (an array) are both accepted inside rules and
 * `not_send_area`; the template is answered with the key it was written with. There is no delete
 * (none documented). The list is ordered by template id, `limit` 1..100.
 */
import type { SimRequest, SimResponse } from '../types.js';
import { fail, wxOk } from '../wechat-common/envelope.js';
import { body, CH_ERR, id, integer, invalid, list, oneOf, record, text, type ChannelsCtx } from './args.js';
import { takeId, type FreightTemplate } from './state.js';

export const PROVINCES = [
  '北京市', '天津市', '河北省', '山西省', '内蒙古自治区', '辽宁省', '吉林省', '黑龙江省', '上海市', '江苏省', '浙江省', '安徽省',
  '福建省', '江西省', '山东省', '河南省', '湖北省', '湖南省', '广东省', '广西壮族自治区', '海南省', '重庆市', '四川省', '贵州省',
  '云南省', '西藏自治区', '陕西省', '甘肃省', '青海省', '宁夏回族自治区', '新疆维吾尔自治区', '台湾省', '香港特别行政区', '澳门特别行政区',
];
export const SEND_TIMES = ['SendTime_TWENTYFOUR_HOUR', 'SendTime_FOUTYEIGHT_HOUR', 'SendTime_THREE_DAY', 'SendTime_FOUR_HOUR', 'SendTime_SHIP_TODAY'];
const LIMITS = { couriers: 20, freeRules: 20, pricingRules: 50 };

function address(value: unknown, field: string, required: boolean): Record<string, unknown> {
  const a = record(value, field);
  const province = a['province_name'];
  if (typeof province !== 'string' || province === '') {
    if (required) throw fail(CH_ERR.freightNoAddress, `${field}.province_name is required`);
    throw fail(CH_ERR.freightBadRegion, `${field}.province_name is required`);
  }
  if (!PROVINCES.includes(province)) throw fail(CH_ERR.freightBadRegion, `${field}.province_name "${province}" is not a province-level region`);
  for (const k of ['city_name', 'county_name', 'detail_info', 'user_name', 'postal_code', 'national_code', 'tel_number', 'house_number']) {
    if (a[k] !== undefined && typeof a[k] !== 'string') throw invalid(`${field}.${k} must be a string`);
  }
  return a;
}

/** The addresses of a rule under `address_infos` or (older samples) `address_info`. */
function addresses(rule: Record<string, unknown>, field: string): Record<string, unknown>[] {
  const key = rule['address_infos'] !== undefined ? 'address_infos' : 'address_info';
  return list(rule[key] ?? [], `${field}.${key}`).map((a, i) => address(a, `${field}.${key}[${i}]`, false));
}

function fen(value: unknown, field: string): number {
  return integer(value, field, 0, 100_000_000);
}

/** Checks a whole template object (without template_id) and returns it as it will be stored. */
function checkTemplate(ctx: ChannelsCtx, t: Record<string, unknown>, selfId: string | undefined): Record<string, unknown> {
  const required = ['name', 'valuation_type', 'send_time', 'address_info', 'shipping_method'];
  const absent = required.filter((k) => t[k] === undefined);
  if (absent.includes('address_info')) throw fail(CH_ERR.freightNoAddress, 'freight_template.address_info (ship-from address) is required');
  if (absent.length > 0) throw fail(CH_ERR.missingField, `required field missing: freight_template.${absent.join(', freight_template.')}`);
  const name = text(t['name'], 'freight_template.name', 50);
  if (name.trim() === '') throw invalid('freight_template.name is empty');
  if (ctx.state.templates.some((x) => x.name === name && x.template_id !== selfId)) {
    throw fail(CH_ERR.freightNameTaken, `a freight template named "${name}" already exists`);
  }
  oneOf(t['valuation_type'], 'freight_template.valuation_type', ['PIECE', 'WEIGHT']);
  if (!SEND_TIMES.includes(t['send_time'] as string)) throw fail(CH_ERR.freightSendTime, `freight_template.send_time must be one of ${SEND_TIMES.join(', ')}`);
  address(t['address_info'], 'freight_template.address_info', true);
  if (t['delivery_type'] !== undefined) oneOf(t['delivery_type'], 'freight_template.delivery_type', ['EXPRESS']);
  const couriers = list(t['delivery_id'] ?? [], 'freight_template.delivery_id');
  if (couriers.length > LIMITS.couriers) throw fail(CH_ERR.freightTooManyCouriers, `at most ${LIMITS.couriers} couriers`);
  const method = oneOf(t['shipping_method'], 'freight_template.shipping_method', ['FREE', 'CONDITION_FREE', 'NO_FREE']);

  const freeRules = t['all_condition_free_detail'] === undefined ? [] : list(record(t['all_condition_free_detail'], 'freight_template.all_condition_free_detail')['condition_free_detail_list'] ?? [], 'condition_free_detail_list');
  if (freeRules.length > LIMITS.freeRules) throw fail(CH_ERR.freightTooManyFreeRules, `at most ${LIMITS.freeRules} free-shipping rules`);
  freeRules.forEach((raw, i) => {
    const f = `condition_free_detail_list[${i}]`;
    const r = record(raw, f);
    addresses(r, f);
    if (r['min_piece'] !== undefined) integer(r['min_piece'], `${f}.min_piece`, 0);
    if (r['min_weight'] !== undefined) integer(r['min_weight'], `${f}.min_weight`, 0);
    if (r['min_amount'] !== undefined) fen(r['min_amount'], `${f}.min_amount`);
  });
  if (method === 'CONDITION_FREE' && freeRules.length === 0) throw invalid('shipping_method CONDITION_FREE needs all_condition_free_detail.condition_free_detail_list');

  const calc = t['all_freight_calc_method'];
  const rules = calc === undefined ? [] : list(record(calc, 'freight_template.all_freight_calc_method')['freight_calc_method_list'] ?? [], 'freight_calc_method_list');
  if (rules.length > LIMITS.pricingRules) throw fail(CH_ERR.freightTooManyRules, `at most ${LIMITS.pricingRules} pricing rules`);
  let defaults = 0;
  rules.forEach((raw, i) => {
    const f = `freight_calc_method_list[${i}]`;
    const r = record(raw, f);
    const isDefault = r['is_default'] === true;
    if (r['is_default'] !== undefined && typeof r['is_default'] !== 'boolean') throw invalid(`${f}.is_default must be true or false`);
    const regions = addresses(r, f);
    if (isDefault) {
      defaults += 1;
      if (regions.length > 0) throw fail(CH_ERR.freightDefaultHasAddresses, `${f}: the default rule must not list addresses`);
    } else if (regions.length === 0) {
      throw invalid(`${f}: a rule that is not the default needs address_infos`);
    }
    integer(r['first_val_amount'], `${f}.first_val_amount`, 1);
    fen(r['first_price'], `${f}.first_price`);
    integer(r['second_val_amount'], `${f}.second_val_amount`, 0);
    fen(r['second_price'], `${f}.second_price`);
  });
  if (method !== 'FREE' && defaults === 0) throw fail(CH_ERR.freightNoDefaultRule, 'all_freight_calc_method needs a default rule (is_default: true, no addresses)');
  if (defaults > 1) throw fail(CH_ERR.freightNoDefaultRule, 'all_freight_calc_method has more than one default rule');

  if (t['not_send_area'] !== undefined) {
    const area = addresses(record(t['not_send_area'], 'freight_template.not_send_area'), 'not_send_area');
    const provinces = new Set(area.filter((a) => a['city_name'] === undefined || a['city_name'] === '').map((a) => a['province_name']));
    if (PROVINCES.every((p) => provinces.has(p))) throw fail(CH_ERR.freightWholeCountry, 'not_send_area may not cover the whole country');
  }
  if (t['is_default'] !== undefined && typeof t['is_default'] !== 'boolean') throw invalid('freight_template.is_default must be true or false');
  const { template_id: _id, create_time: _c, update_time: _u, ...stored } = t;
  return stored;
}

function templateArg(req: SimRequest): Record<string, unknown> {
  const t = body(req)['freight_template'];
  if (t === undefined) throw fail(CH_ERR.missingField, 'required field missing: freight_template');
  return record(t, 'freight_template');
}

/** Only one store default: a template saved with is_default true clears it on the others. */
function keepOneDefault(ctx: ChannelsCtx, saved: FreightTemplate): void {
  if (saved.body['is_default'] !== true) return;
  for (const t of ctx.state.templates) if (t !== saved && t.body['is_default'] === true) t.body['is_default'] = false;
}

export function addTemplate(req: SimRequest, ctx: ChannelsCtx): SimResponse {
  const stored = checkTemplate(ctx, templateArg(req), undefined);
  const now = ctx.clock.now();
  const template: FreightTemplate = { template_id: takeId(ctx.state, 'nextTemplateId'), name: stored['name'] as string, body: stored, createTime: now, updateTime: now };
  ctx.state.templates.push(template);
  keepOneDefault(ctx, template);
  ctx.changed();
  return wxOk({ template_id: template.template_id });
}

function findTemplate(ctx: ChannelsCtx, raw: unknown, field: string): FreightTemplate {
  const templateId = id(raw, field);
  const template = ctx.state.templates.find((t) => t.template_id === templateId);
  if (!template) throw invalid(`freight template ${templateId} does not exist`);
  return template;
}

export function updateTemplate(req: SimRequest, ctx: ChannelsCtx): SimResponse {
  const t = templateArg(req);
  const template = findTemplate(ctx, t['template_id'], 'freight_template.template_id');
  const stored = checkTemplate(ctx, t, template.template_id);
  Object.assign(template, { name: stored['name'] as string, body: stored, updateTime: ctx.clock.now() });
  keepOneDefault(ctx, template);
  ctx.changed();
  return wxOk({ template_id: template.template_id });
}

export function templateView(t: FreightTemplate): Record<string, unknown> {
  return { template_id: t.template_id, ...t.body, create_time: Math.floor(t.createTime / 1000), update_time: Math.floor(t.updateTime / 1000) };
}

export function getTemplate(req: SimRequest, ctx: ChannelsCtx): SimResponse {
  return wxOk({ freight_template: templateView(findTemplate(ctx, body(req)['template_id'], 'template_id')) });
}

export function listTemplates(req: SimRequest, ctx: ChannelsCtx): SimResponse {
  const b = body(req);
  const offset = b['offset'] === undefined ? 0 : integer(b['offset'], 'offset', 0);
  const limit = b['limit'] === undefined ? 10 : integer(b['limit'], 'limit', 1, 100);
  const ids = ctx.state.templates.map((t) => t.template_id).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  return wxOk({ template_id_list: ids.slice(offset, offset + limit) });
}
