/**
 * Synthetic catalogs for the benchmarks: realistic products (Chinese titles and descriptions,
 * multi-SKU, platform blocks) spread over every configured target, plus groups, shipping templates
 * and a shelf, laid out over many files like a real repository. Deterministic: the same options give
 * the same files. Every generated catalog validates cleanly (bench/run.mjs checks it).
 *
 *   generateCatalog(dir, { products: 10_000, files: 200, targetOptions? }) -> { configFile, catalogDir, files, products, skus }
 *   (targetOptions: extra fields for every target in the config, e.g. { concurrency: 8 })
 */
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { seededRandom } from '../dist/sandbox/faults.js';

/**
 * Square covers (<= 300x300 px) from the example catalog, copied into every generated catalog: the
 * WeChat platforms take uploaded images only, so their products carry one of these local files.
 */
const EXAMPLE_IMAGES = join(dirname(fileURLToPath(import.meta.url)), '..', 'catalog', 'images');
const COVERS = readdirSync(EXAMPLE_IMAGES).filter((f) => f.endsWith('.png') && !f.includes('banner')).sort();
/** The simulated goofish account's authorised shop (src/sandbox/goofish seed). */
const GOOFISH_SHOP = '拾光数码';

/**
 * Simulator options that let a bench-sized catalog through the sandbox's daily quotas (the real
 * wechat-live audit quota is 500 a day) and make audits finish at once.
 */
export const BENCH_SANDBOX_OPTIONS = {
  'wechat-live': { auditDelayMs: 0, auditQuotaPerDay: 1_000_000_000, dailyLimits: { resetaudit: 1e9, delete: 1e9, update: 1e9, getgoodswarehouse: 1e9, getapproved: 1e9 } },
};

/** Target name -> platform: the five platforms, as in the shipped catalog.config.yaml. */
export const DEFAULT_TARGETS = {
  store: 'wechat-store',
  live: 'wechat-live',
  xianyu: 'goofish',
  wecom: 'xiaoliebian',
  sales: 'waiqin365',
};

const BRANDS = ['苹果', '华为', '小米', 'OPPO', 'vivo', '荣耀', '三星', '一加', '魅族', '索尼'];
const ITEMS = ['手机', '平板', '耳机', '充电器', '数据线', '手机壳', '钢化膜', '充电宝', '智能手表', '蓝牙音箱'];
const CONDITIONS = ['全新', '95新', '9成新', '国行', '官方正品'];
const COLORS = ['黑色', '白色', '蓝色', '绿色', '紫色', '银色'];
const CAPACITIES = ['64G', '128G', '256G', '512G'];
const AREAS = ['phones', 'tablets', 'audio', 'charging', 'cases', 'wearables'];
const GROUP_COUNT = 24;
/**
 * wechat-live goods per catalog: every new goods needs an audit, and the platform allows 500 audit
 * submissions a day (the adapter refuses more), so a catalog that applies in one day has fewer.
 */
const WECHAT_LIVE_GOODS = 450;

/** Deterministic PRNG (the sandbox's mulberry32), so runs are comparable. */
const random = seededRandom;

const pick = (rnd, list) => list[Math.floor(rnd() * list.length)];
const yuan = (fen) => (fen % 100 === 0 ? fen / 100 : (fen / 100).toFixed(2));

export function generateCatalog(dir, { products = 10_000, files = 200, targets = DEFAULT_TARGETS, seed = 42, targetOptions = {} } = {}) {
  const rnd = random(seed);
  const catalogDir = join(dir, 'catalog');
  mkdirSync(join(catalogDir, 'images'), { recursive: true });
  for (const cover of COVERS) copyFileSync(join(EXAMPLE_IMAGES, cover), join(catalogDir, 'images', cover));
  const byPlatform = (platform) => Object.keys(targets).filter((t) => targets[t] === platform);
  const productTargets = Object.keys(targets).filter((t) => targets[t] !== 'waiqin365');
  const groupTargets = Object.keys(targets).filter((t) => ['wechat-store', 'xiaoliebian', 'waiqin365'].includes(targets[t]));

  writeFileSync(
    join(dir, 'catalog.config.yaml'),
    stringify({
      catalog: './catalog',
      state: './.catalog',
      targets: Object.fromEntries(
        Object.entries(targets).map(([name, platform]) => [
          name,
          { platform, sandbox: true, ...(BENCH_SANDBOX_OPTIONS[platform] ? { sandboxOptions: BENCH_SANDBOX_OPTIONS[platform] } : {}), ...targetOptions },
        ]),
      ),
    }),
  );

  const groups = Array.from({ length: GROUP_COUNT }, (_, i) => {
    const group = { kind: 'Group', key: `group-${i}`, name: `${pick(rnd, BRANDS)}${pick(rnd, ITEMS)}专区${i}` };
    if (byPlatform('waiqin365').length > 0) {
      group.platforms = { waiqin365: i % 2 === 0 ? { brands: [{ name: BRANDS[i % BRANDS.length] }] } : { types: [{ name: ITEMS[i % ITEMS.length] }] } };
    }
    return group;
  });
  const shipping = [
    { kind: 'ShippingTemplate', key: 'express-default', name: '默认快递', payer: 'buyer', rates: [{ carrier: 'express', firstItems: 1, firstFee: 8, additionalItems: 1, additionalFee: 2, regions: [{ province: '新疆维吾尔自治区', firstItems: 1, firstFee: 20, additionalItems: 1, additionalFee: 10 }] }] },
    { kind: 'ShippingTemplate', key: 'free-shipping', name: '包邮', payer: 'seller', rates: [{ carrier: 'express', firstItems: 1, firstFee: 0, additionalItems: 1, additionalFee: 0 }] },
  ];
  const shelf = { kind: 'Shelf', key: 'home', name: '首页', modules: [{ type: 1, groups: ['group-0'], count: 4 }, { type: 2, groups: ['group-1', 'group-2', 'group-3'] }] };
  const writeDocs = (file, docs) => writeFileSync(join(catalogDir, file), docs.map((d) => stringify(d)).join('---\n'));
  writeDocs('groups.yaml', groups.map((g) => ({ ...g, ...(g.platforms ? {} : { targets: groupTargets.filter((t) => targets[t] !== 'waiqin365') }) })));
  writeDocs('shipping.yaml', shipping);
  writeDocs('shelves.yaml', [shelf]);

  const perFile = Math.ceil(products / files);
  const liveGoods = { count: 0 };
  let skuTotal = 0;
  let fileCount = 3;
  for (let start = 0, f = 0; start < products; start += perFile, f++) {
    const docs = [];
    for (let i = start; i < Math.min(products, start + perFile); i++) {
      const product = makeProduct(i, rnd, productTargets, targets, liveGoods);
      skuTotal += product.skus?.length ?? 1;
      docs.push(product);
    }
    const area = AREAS[f % AREAS.length];
    mkdirSync(join(catalogDir, 'products', area), { recursive: true });
    writeDocs(join('products', area, `batch-${String(f).padStart(4, '0')}.yaml`), docs);
    fileCount++;
  }
  return { configFile: join(dir, 'catalog.config.yaml'), catalogDir, files: fileCount, products, skus: skuTotal };
}

function makeProduct(i, rnd, productTargets, targets, liveGoods) {
  const brand = pick(rnd, BRANDS);
  const item = pick(rnd, ITEMS);
  const condition = pick(rnd, CONDITIONS);
  const key = `p${String(i).padStart(6, '0')}`;
  const base = 1000 + Math.floor(rnd() * 500_000); // fen
  const skuCount = 1 + Math.floor(rnd() * 4);
  const skus =
    skuCount === 1
      ? undefined
      : Array.from({ length: skuCount }, (_, s) => ({
          key: `v${s}`,
          options: { 颜色: COLORS[s % COLORS.length], 容量: CAPACITIES[Math.floor(s / COLORS.length) % CAPACITIES.length] },
          price: yuan(base + s * 1000),
          stock: Math.floor(rnd() * 200),
        }));
  // One to three targets per product, rotating so every target gets a share.
  const chosen = productTargets
    .filter((_, t) => (i + t) % productTargets.length < 1 + (i % 3))
    .filter((t) => targets[t] !== 'wechat-live' || liveGoods.count++ < WECHAT_LIVE_GOODS);
  const wechat = chosen.some((t) => targets[t] === 'wechat-store' || targets[t] === 'wechat-live');
  const cover = COVERS[i % COVERS.length];
  const product = {
    kind: 'Product',
    key,
    title: `${brand} ${item} ${condition} ${i}号`,
    description: `${brand}${item}，${condition}，正品保证，支持七天无理由退换。\n编号 ${key}，下单后 48 小时内发货。`,
    ...(skus ? {} : { price: yuan(base), stock: Math.floor(rnd() * 500) }),
    originalPrice: yuan(base + skuCount * 1000 + 5000),
    images: [`https://img.example.com/${key}/main.jpg`, `https://img.example.com/${key}/2.jpg`, ...(wechat ? [`images/${cover}`] : [])],
    groups: [`group-${i % GROUP_COUNT}`],
    shipping: i % 5 === 0 ? 'free-shipping' : 'express-default',
    ...(skus ? { skus } : {}),
    targets: chosen,
    platforms: {},
  };
  for (const target of chosen) {
    switch (targets[target]) {
      case 'goofish':
        product.platforms.goofish = { itemBizType: 2, spBizType: 1, channelCatId: '4d8b31d719602249ac899d2620c5df2b', stuffStatus: 100, shops: [GOOFISH_SHOP], district: { province: 440000, city: 440300, district: 440305 } };
        break;
      case 'wechat-store':
        product.platforms['wechat-store'] = { categoryId: '537074298' };
        break;
      case 'wechat-live':
        product.platforms['wechat-live'] = { name: `${brand}${item}${i}`, url: `pages/goods/detail?key=${key}`, coverImage: `images/${cover}` };
        break;
      case 'xiaoliebian':
        product.platforms.xiaoliebian = { platformType: 1, link: { url: `https://shop.example.com/goods/${key}` } };
        break;
    }
  }
  return product;
}
