/**
 * `POST /channels/ec/basics/img/upload` and the product-image check (platform-docs/
 * wechat-channels.md §2).
 *
 * - Query (never the body): `upload_type` 0 binary (multipart, file part `media`; `height`/`width`
 *   required) or 1 URL (JSON `{img_url}`); `resp_type` 0 → `pic_file{media_id, pay_media_id}`,
 *   1 → `pic_file{img_url}`. Missing query parameters: 10020055 (what the platform answers when
 *   they are put in the body).
 * - Binary: empty 10020059; PNG/JPEG only (10020051 otherwise); at most 2 MB for resp_type 0 and
 *   10 MB for resp_type 1 (the predecessor's limits; unconfirmed here), 10020060 beyond.
 * - URL uploads are not fetched (tests never reach the internet): the image key is derived from
 *   the URL. An `img_url` this account already issued is answered as is.
 * - Issued URL: `https://mmecimage.cn/p/<appid>/<key>`, key = SHA-256 (hex) of the bytes (URL
 *   uploads: of the URL), so the same content gets the same URL. With option `imageUrls: "sandbox"`
 *   the URL is `<account base URL>/p/<appid>/<key>` instead, and `GET /p/<appid>/<key>` serves the
 *   uploaded bytes (no token: a public CDN link on the real platform).
 * - Product images (`head_imgs`, `desc_info.imgs`, `skus[].thumb_img`, `product_qua_infos[].qua_url`)
 *   must be URLs this account issued with resp_type 1: only the `/p/<appid>/<key>` end is compared,
 *   so URLs stay valid when the sandbox runs on another port. Anything else: 10020035.
 */
import { createHash } from 'node:crypto';
import type { SimRequest, SimResponse } from '../types.js';
import { fail, wxOk } from '../wechat-common/envelope.js';
import { readImageInfo } from '../wechat-common/image.js';
import { body, CH_ERR, invalid, type ChannelsCtx } from './args.js';

export const MAX_BINARY_BYTES = { mediaId: 2 * 1024 * 1024, imgUrl: 10 * 1024 * 1024 };
const ISSUED = /\/p\/[^/]+\/([0-9a-f]{64})$/;
const SANDBOX_APP_ID = 'wx-sandbox-channels';

function appIdOf(ctx: ChannelsCtx): string {
  return ctx.credentials['appId'] || SANDBOX_APP_ID;
}

export function issuedUrl(ctx: ChannelsCtx, key: string): string {
  const base = ctx.options['imageUrls'] === 'sandbox' ? `${ctx.baseUrl}/p` : 'https://mmecimage.cn/p';
  return `${base}/${appIdOf(ctx)}/${key}`;
}

/** The image key of a URL this account issued, or undefined. */
function issuedKey(ctx: ChannelsCtx, url: string): string | undefined {
  const key = ISSUED.exec(url)?.[1];
  return key !== undefined && Object.hasOwn(ctx.state.images, key) ? key : undefined;
}

/** An image URL in a product: one this account's img/upload returned (10020035 otherwise). */
export function productImage(ctx: ChannelsCtx, value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw invalid(`${field} must be an image URL`);
  if (issuedKey(ctx, value) === undefined) {
    throw fail(CH_ERR.imageNotUploaded, `image URL must have prefix mmecimage.cn/p/ and come from basics/img/upload of this store: ${field}`);
  }
  return value;
}

function queryFlag(req: SimRequest, name: string): 0 | 1 {
  const v = req.query.get(name);
  if (v === null || v === '') throw fail(CH_ERR.queryParamsInBody, `${name} must be given in the URL query`);
  if (v !== '0' && v !== '1') throw fail(CH_ERR.invalidParams, `invalid parameter: ${name} must be 0 or 1`);
  return v === '0' ? 0 : 1;
}

async function mediaBytes(req: SimRequest): Promise<Uint8Array> {
  const contentType = req.headers.get('content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) {
    throw fail(CH_ERR.imageEmpty, 'image is empty: send multipart/form-data with a "media" file part');
  }
  let media: unknown;
  try {
    const form = await new Request('http://sandbox.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body: req.body }).formData();
    media = form.get('media');
  } catch {
    throw fail(CH_ERR.imageEmpty, 'image is empty: the multipart body could not be read');
  }
  if (!(media instanceof Blob)) throw fail(CH_ERR.imageEmpty, 'image is empty: no "media" file part');
  return new Uint8Array(await media.arrayBuffer());
}

export async function uploadImage(req: SimRequest, ctx: ChannelsCtx): Promise<SimResponse> {
  const uploadType = queryFlag(req, 'upload_type');
  const respType = queryFlag(req, 'resp_type');
  const now = ctx.clock.now();
  let key: string;
  if (uploadType === 1) {
    const url = body(req)['img_url'];
    if (typeof url !== 'string' || !/^https?:\/\/[^\s/]+\/?\S*$/.test(url)) throw invalid('img_url must be an http(s) URL');
    key = issuedKey(ctx, url) ?? createHash('sha256').update(url).digest('hex');
    ctx.state.images[key] ??= { sha256: key, size: 0, width: 0, height: 0, uploadedAt: now, sourceUrl: url };
  } else {
    for (const name of ['height', 'width']) {
      if (!/^[1-9]\d{0,5}$/.test(req.query.get(name) ?? '')) throw fail(CH_ERR.queryParamsInBody, `${name} (pixels) must be given in the URL query for upload_type=0`);
    }
    const bytes = await mediaBytes(req);
    if (bytes.length === 0) throw fail(CH_ERR.imageEmpty, 'image is empty');
    const max = respType === 0 ? MAX_BINARY_BYTES.mediaId : MAX_BINARY_BYTES.imgUrl;
    if (bytes.length > max) throw fail(CH_ERR.imageTooLarge, `image is ${bytes.length} bytes; at most ${max / 1024 / 1024} MB`);
    const info = readImageInfo(bytes);
    if (!info) throw invalid('the file is not a PNG or JPEG image');
    key = createHash('sha256').update(bytes).digest('hex');
    const image = (ctx.state.images[key] ??= { sha256: key, size: bytes.length, width: info.width, height: info.height, uploadedAt: now });
    image.base64 ??= Buffer.from(bytes).toString('base64'); // seeded images have no bytes until uploaded
  }
  ctx.changed();
  if (respType === 1) return wxOk({ pic_file: { img_url: issuedUrl(ctx, key) } });
  // media_id is for other APIs (not product images): a handle that product checks do not accept.
  return wxOk({ pic_file: { media_id: `media_${key.slice(0, 32)}`, pay_media_id: `pay_${key.slice(32)}` } });
}

/** GET /p/<appid>/<key>: the uploaded bytes (the sandbox's stand-in for the image CDN). */
export function serveImage(req: SimRequest, ctx: ChannelsCtx): SimResponse | undefined {
  if (req.method !== 'GET' || !req.path.startsWith('/p/')) return undefined;
  const key = ISSUED.exec(req.path)?.[1];
  const image = key !== undefined && Object.hasOwn(ctx.state.images, key) ? ctx.state.images[key] : undefined;
  if (!image?.base64) return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'not found' };
  const bytes = new Uint8Array(Buffer.from(image.base64, 'base64'));
  return { status: 200, headers: { 'content-type': bytes[0] === 0x89 ? 'image/png' : 'image/jpeg' }, body: bytes };
}
