/**
 * goofish fixtures for end-to-end tests: a one-target project config and product documents that the
 * sandbox's demo account accepts (its authorised shop, a known category).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readSandboxState } from './cli.js';

export const GOOFISH_SHOP = '拾光数码';

export function goofishConfig(target: { [k: string]: string | number | boolean } = {}, name = 'xianyu'): string {
  const extra = Object.entries(target).map(([k, v]) => `, ${k}: ${v}`).join('');
  return `catalog: ./catalog\nstate: ./.catalog\ntargets:\n  ${name}: { platform: goofish, sandbox: true${extra} }\n`;
}

export interface ProductOptions {
  title?: string;
  price?: string;
  stock?: number;
  onSale?: boolean;
  protect?: boolean;
  skus?: Array<{ key: string; color: string; price: string; stock: number }>;
}

export function goofishProduct(key: string, o: ProductOptions = {}): string {
  return [
    'kind: Product',
    `key: ${key}`,
    `title: ${o.title ?? `测试商品 ${key}`}`,
    'description: 测试用商品描述，九成新，支持七天无理由退换。',
    ...(o.skus ? [] : [`price: "${o.price ?? '19.90'}"`, `stock: ${o.stock ?? 5}`]),
    'originalPrice: "99.00"',
    `images: [https://img.example.com/${key}.jpg]`,
    ...(o.onSale === undefined ? [] : [`onSale: ${o.onSale}`]),
    ...(o.protect ? ['protect: true'] : []),
    ...(o.skus
      ? ['skus:', ...o.skus.flatMap((s) => [`  - key: ${s.key}`, `    options: { 颜色: ${s.color} }`, `    price: "${s.price}"`, `    stock: ${s.stock}`])]
      : []),
    'platforms:',
    '  goofish:',
    '    itemBizType: 2',
    '    spBizType: 1',
    '    channelCatId: "4d8b31d719602249ac899d2620c5df2b"',
    '    stuffStatus: 100',
    `    shops: [${GOOFISH_SHOP}]`,
    '    district: { province: 440000, city: 440300, district: 440304 }',
    '',
  ].join('\n');
}

export interface SimProduct {
  product_id: number;
  product_status: number;
  outer_id: string;
  price: number;
  stock: number;
  update_time: number;
  sku_items: Array<{ sku_id: number; price: number; stock: number; sku_text: string; outer_id: string }>;
  publish_shop: Array<{ title: string }>;
}
export interface SimState {
  products: Record<string, SimProduct>;
}

export const goofishSim = (dir: string, target = 'xianyu') => readSandboxState<SimState>(dir, target);

/** Live (not deleted) products of the simulator, grouped by outer_id. */
export async function liveByOuterId(dir: string, target = 'xianyu'): Promise<Map<string, SimProduct[]>> {
  const byOuter = new Map<string, SimProduct[]>();
  for (const p of Object.values((await goofishSim(dir, target)).products)) {
    if (p.product_status === -1) continue;
    byOuter.set(p.outer_id, [...(byOuter.get(p.outer_id) ?? []), p]);
  }
  return byOuter;
}

/**
 * Changes a product on the simulated platform between two CLI runs, as a merchant editing it in the
 * 闲管家 app would (update_time moves, so readers see the change).
 */
export async function editSimProduct(dir: string, outerId: string, edit: (p: SimProduct) => void, target = 'xianyu'): Promise<void> {
  const file = join(dir, '.catalog', 'sandbox', `${target}.json`);
  const raw = JSON.parse(await readFile(file, 'utf8')) as { state: SimState };
  const p = Object.values(raw.state.products).find((x) => x.outer_id === outerId && x.product_status !== -1);
  if (!p) throw new Error(`no live product with outer_id ${outerId} in the sandbox`);
  edit(p);
  p.update_time = Math.max(p.update_time + 1, Math.floor(Date.now() / 1000));
  await writeFile(file, JSON.stringify(raw));
}
