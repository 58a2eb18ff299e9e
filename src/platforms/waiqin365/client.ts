/**
 * 外勤365 client: URL signing, the call table, reads and writes. Every call is
 * `POST {baseUrl}{path}/{openid}/{timestamp}/{digest}/{msg_id}` with a JSON body; timestamp, digest and
 * msg_id are fresh per attempt. The tenant's host is the target's `baseUrl`.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { TargetConfig } from '../../config/model.js';
import { parseResponse, PlatformError, summariseBody, type Transport } from '../../http/index.js';
import type { Json, PlannedCall } from '../../plan/types.js';
import type { CallResult, ClientDeps, InvokeContext, LiveSnapshot, PlatformClient, ReferenceList, ReferenceQuery, RefreshContext } from '../types.js';
import { readWaiqin365Reference } from './references.js';
import { liveGroups } from './mapping.js';
import { waiqin365Digest, waiqin365Timestamp } from './sign.js';
import { ENDPOINTS, envelope, groupPage, responseData, saveData, PAGE_LENGTH, type WireGroup } from './wire.js';
import { endpointOf } from '../endpoints.js';
import { createTargetTransport } from '../transport.js';
import { classifyEnvelope, FALLBACK_HINT, type EnvelopeRules } from '../envelope.js';

/** return_code 9999 or a "busy" message: retry with backoff (the document's appendix of codes is not public). */
const ENVELOPE: EnvelopeRules<typeof envelope> = { schema: envelope, code: (e) => e.return_code, message: (e) => e.return_msg, busyCodes: new Set([9999]) };

function hintFor(msg: string): string {
  if (/digest|签名/i.test(msg)) return 'check the appkey of the target (the digest is md5 of body|appkey|timestamp)';
  if (/timestamp|时间/i.test(msg)) return "check the machine's clock: the timestamp must be close to the platform's (China time)";
  if (/openid/i.test(msg)) return 'check the openid of the target and that baseUrl is the tenant\'s OpenAPI host';
  if (/已存在|exists/i.test(msg)) return 'another product group already uses this code; change `code` in the catalog or on the platform';
  // The brands/types rule of every save: the adapter always sends exactly one list, so the cause is not the catalog.
  if (/品牌数据跟商品类型数据/.test(msg)) return 'every save sends exactly one of brands / types (the catalog\'s, or the platform\'s own when disabling); check the group in the waiqin365 console and report this message';
  if (/(品牌|类型)ID不存在/.test(msg)) return 'a brand / type id the catalog names does not exist on the tenant; fix the id in the catalog, or name the entry by name';
  if (/参数|不能|必须|长度|格式/i.test(msg)) return 'the platform rejected a field; fix the group in the catalog (see the message) and plan again';
  return FALLBACK_HINT;
}

export class Waiqin365Client implements PlatformClient {
  private readonly transport: Transport;
  private readonly openid: string;
  private readonly appkey: string;

  constructor(
    private readonly target: TargetConfig,
    deps: ClientDeps,
  ) {
    this.openid = target.credentials.openid ?? '';
    this.appkey = target.credentials.appkey ?? '';
    this.transport = createTargetTransport(target, deps);
  }

  /**
   * One signed call; returns the decoded `response_data` of a successful reply (parsed with `schema`
   * when given, errors naming this call), throws PlatformError otherwise.
   */
  async call<S extends z.ZodType = z.ZodType>(api: string, body: { [k: string]: Json }, objectKey?: string, schema?: S): Promise<z.output<S>> {
    const text = JSON.stringify(body);
    const e = endpointOf(ENDPOINTS, api, this.target);
    const endpoint = `waiqin365 ${api}`;
    const res = await this.transport.send({
      endpoint,
      method: e.method,
      safety: e.safety,
      build: () => {
        const timestamp = waiqin365Timestamp(Date.now());
        const digest = waiqin365Digest(text, this.appkey, timestamp);
        const msgId = randomUUID().replaceAll('-', '');
        const tail = [this.openid, timestamp, digest, msgId].map(encodeURIComponent).join('/');
        return { url: `${this.target.baseUrl}${e.path.replace(/\/+$/, '')}/${tail}`, headers: { 'content-type': 'application/json;charset=UTF-8' }, body: text };
      },
      classify: (r) => classifyEnvelope(r, ENVELOPE),
    });
    const where = { platform: 'waiqin365', target: this.target.name, endpoint, ...(objectKey ? { objectKey } : {}) };
    if (res.json === undefined) {
      throw new PlatformError({ ...where, code: `HTTP ${res.status}`, message: summariseBody(res.text), hint: 're-run later; if it persists, check baseUrl (the tenant\'s OpenAPI host)' }, this.transport.secrets());
    }
    const env = parseResponse(envelope, res.json, endpoint);
    if (Number(env.return_code) !== 0) {
      const msg = env.return_msg ?? '';
      throw new PlatformError({ ...where, code: env.return_code, message: msg, hint: hintFor(msg) }, this.transport.secrets());
    }
    const data = responseData(env);
    return (schema ? parseResponse(schema, data, endpoint) : data) as z.output<S>;
  }

  async invoke(call: PlannedCall, action: { kind: string; key: string }, _ctx: InvokeContext): Promise<CallResult> {
    const args = call.args as { [k: string]: Json };
    const data = await this.call(call.op, args, `${action.kind}/${action.key}`);
    if (call.op !== 'saveProductGroup') return {};
    const answered = saveData.safeParse(data);
    if (answered.success) return { id: String(answered.data.id) };
    if (typeof args.id === 'string') return { id: args.id };
    // The document's reply has no id: look the group up by its source_code.
    const found = await this.query({ source_code: args.source_code as string });
    const id = found[0]?.id;
    if (id === undefined) throw new Error(`waiqin365 saveProductGroup succeeded but no group with source_code ${String(args.source_code)} was found`);
    return { id: String(id) };
  }

  /** Every normal (status 1) group matching `filter`, page by page (no total is given: a short page is the last). */
  private async query(filter: { [k: string]: Json }, count: () => void = () => {}): Promise<WireGroup[]> {
    const out: WireGroup[] = [];
    for (let page = 1; ; page++) {
      count();
      // No response_data (or null) is an empty page.
      const list = (await this.call('queryProductGroupInfos', { page_number: page, page_length: PAGE_LENGTH, status: '1', ...filter }, undefined, groupPage.nullish())) ?? [];
      out.push(...list);
      if (list.length < PAGE_LENGTH) return out;
    }
  }

  async refresh(ctx: RefreshContext): Promise<LiveSnapshot> {
    let reads = 0;
    const wire = await this.query({}, () => void (reads += 1));
    return { objects: liveGroups(wire, ctx.state, ctx.desired), readCalls: reads };
  }

  readReference(query: ReferenceQuery): Promise<ReferenceList> {
    return readWaiqin365Reference(() => this.query({}), query);
  }

  async close(): Promise<void> {
    await this.transport.close();
  }
}
