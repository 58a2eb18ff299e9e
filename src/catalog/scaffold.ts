/**
 * What `catalog init` writes: a merchant repository. A config whose targets all run against the
 * built-in simulators (credentials as environment references), a small catalog that plans and
 * applies cleanly on the simulators' accounts (their categories and shop; keys that none of their
 * demo objects use), package.json pinning this tool, .gitignore, the CI file and editor settings.
 * Paths are relative to the folder being initialised, with forward slashes.
 */
import { listed } from '../diagnostics/suggest.js';
/**
 * A platform's part of the scaffold (each PlatformSpec has one): its sandbox target and its blocks in
 * the sample catalog. The sample documents are the same for every platform: a Group `accessories`, a
 * ShippingTemplate `standard`, a Product `charger-20w` going to every target that manages products,
 * and a Product `braided-cable-1m` going to the targets named in its `targets:`.
 */
export interface ScaffoldSample {
  /**
   * The target in catalog.config.yaml: its name; the comment line naming its credential variables
   * (e.g. "store  (微信小店):      WX_STORE_APPID, WX_STORE_SECRET"); its YAML lines below the name
   * (indented four spaces, starting with "platform:" and "sandbox: true").
   */
  readonly target: { readonly name: string; readonly variables: string; readonly yaml: string };
  /** Its block in the sample documents, by document key: YAML lines indented four spaces (below "  <platform>:"). */
  readonly blocks: { readonly [documentKey: string]: string };
  /** Whether `braided-cable-1m` goes to its target too (the product lists its targets). */
  readonly secondProduct: boolean;
  /** How the sample's images reach the platform: local files are uploaded, or URLs are passed on; null: it has no images. */
  readonly images: 'file' | 'url' | null;
}

export interface ScaffoldFile {
  path: string;
  content: string | Uint8Array;
}

/** What the scaffold needs from the installed tool: its npm name and version, and the CI file to copy. */
export interface ScaffoldOptions {
  packageName: string;
  version: string;
  /** Where the CI file goes and its text (the tool's own workflow or the README's GitLab job). */
  ci: { path: string; text: string };
  /** The name the scaffolded package.json gets (the folder's name, made valid). */
  projectName: string;
}

/**
 * One sandbox target per platform, with the credential references a real account needs. A sandbox
 * target uses the simulator's credentials when its fields are empty, so `${NAME:-}` keeps the
 * scaffold working offline with no variable set, and names the variable to set for a real account.
 */
function config(platforms: readonly ScaffoldPlatform[]): string {
  return `# Targets are platform accounts. \`sandbox: true\` runs a target against the built-in simulator
# (no account, no network, no credentials), so \`catalog plan\` and \`catalog apply\` work right away.
#
# For a real account: delete the target's \`sandbox: true\` and set the environment variables its
# credential fields name (in CI: repository secrets, see the workflow). Never write a secret here.
${platforms.map((p) => `#   ${p.scaffold.target.variables}\n`).join('')}# Remove the targets you do not sell on.
catalog: ./catalog
# State (what the platforms cannot give back) is kept in ./.catalog on this machine. CI jobs start on
# fresh machines: before CI applies, keep it on a branch of this repository, as the workflow expects
# (the remote is origin; see docs/state.md in the catalog-as-code package):
#   state: { backend: git, branch: catalog-state }
# or in PostgreSQL: state: { backend: postgres, url: "\${CATALOG_STATE_URL}" }
state: ./.catalog
targets:
${platforms.map((p) => `  ${p.scaffold.target.name}:\n${p.scaffold.target.yaml}`).join('')}defaults:
  prune: false
  maxDeletePercent: 20
  stock: initial
`;
}

/** `platforms:` of a sample document with each platform's block for it (nothing when none has one). */
function blocks(platforms: readonly ScaffoldPlatform[], key: string): string {
  const written = platforms.flatMap((p) => {
    const block = p.scaffold.blocks[key];
    return block === undefined ? [] : [`  ${p.name}:\n${block}`];
  });
  return written.length ? `platforms:\n${written.join('')}` : '';
}


const groups = (platforms: readonly ScaffoldPlatform[]): string => `kind: Group
key: accessories
name: 数码配件
${blocks(platforms, 'accessories')}`;

const SHIPPING = `kind: ShippingTemplate
key: standard
name: 标准快递
payer: buyer
rates:
  - carrier: express
    firstItems: 1
    firstFee: 6
    additionalItems: 1
    additionalFee: 2
`;

function products(platforms: readonly ScaffoldPlatform[]): string {
  const uploading = platforms.filter((p) => p.scaffold.images === 'file').map((p) => p.name);
  const linking = platforms.filter((p) => p.scaffold.images === 'url').map((p) => p.name);
  const second = platforms.filter((p) => p.scaffold.secondProduct).map((p) => p.scaffold.target.name);
  return `# No \`targets:\`: this product goes to every target that manages products, so it carries the
# fields each of those platforms needs.
kind: Product
key: charger-20w
title: 20W USB-C 快充充电器
description: |
  支持 PD 快充，30 分钟充至 50%。
  小巧便携，适配主流手机。
originalPrice: 79
images:
  # Local files are uploaded to ${listed(uploading)}; URLs serve ${listed(linking)}.
  - images/charger-20w.png
  - https://img.example.com/charger-20w/main.jpg
groups: [accessories]
shipping: standard
skus:
  - key: white
    options: { 颜色: 白色 }
    price: 39
    stock: 100
  - key: black
    options: { 颜色: 黑色 }
    price: "39.90"
    stock: 50
${blocks(platforms, 'charger-20w')}---
kind: Product
key: braided-cable-1m
title: USB-C 编织数据线 1 米
description: 尼龙编织，支持 60W 快充。
price: "19.90"
originalPrice: 29
stock: 200
images:
  - images/braided-cable-1m.png
  - https://img.example.com/braided-cable-1m/main.jpg
groups: [accessories]
shipping: standard
targets: [${second.join(', ')}]
${blocks(platforms, 'braided-cable-1m')}`;
}

/** A 1x1 PNG: a placeholder image file so the scaffold shows how local images work. */
const PLACEHOLDER_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/** The merchant repository's package.json: the tool pinned as a devDependency, so CI runs `npm ci && npx catalog ...`. */
function packageJson(o: ScaffoldOptions): string {
  const pkg = {
    name: o.projectName,
    private: true,
    description: 'Product catalog managed with catalog (catalog-as-code)',
    scripts: { validate: 'catalog validate', plan: 'catalog plan', apply: 'catalog apply' },
    devDependencies: { [o.packageName]: o.version },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

const GITIGNORE = `# catalog: local state, simulator accounts, caches and saved plans
.catalog/
plan.json
plan.md
node_modules/
`;

/**
 * Editor settings (VS Code's YAML extension, yaml-language-server): the published schemas, from the
 * pinned package, for every YAML document under catalog/ (each document of a multi-document file,
 * which an in-file `$schema` comment does not reach) and for the config.
 */
function vscodeSettings(o: ScaffoldOptions): string {
  const schemas = `./node_modules/${o.packageName}/schemas`;
  return `${JSON.stringify(
    {
      [`yaml.schemas`]: {
        [`${schemas}/catalog.schema.json`]: ['catalog/**/*.yaml', 'catalog/**/*.yml'],
        [`${schemas}/config.schema.json`]: ['catalog.config.yaml'],
      },
    },
    null,
    2,
  )}\n`;
}

const VSCODE_EXTENSIONS = `{
  "recommendations": ["redhat.vscode-yaml"]
}
`;

/** A platform as the scaffold needs it: its name and its ScaffoldSample (a PlatformSpec is one). */
export interface ScaffoldPlatform {
  readonly name: string;
  readonly scaffold: ScaffoldSample;
}

export function scaffoldFiles(o: ScaffoldOptions, platforms: readonly ScaffoldPlatform[]): ScaffoldFile[] {
  return [
    { path: 'catalog.config.yaml', content: config(platforms) },
    { path: 'catalog/groups.yaml', content: groups(platforms) },
    { path: 'catalog/shipping.yaml', content: SHIPPING },
    { path: 'catalog/products.yaml', content: products(platforms) },
    { path: 'catalog/images/charger-20w.png', content: PLACEHOLDER_PNG },
    { path: 'catalog/images/braided-cable-1m.png', content: PLACEHOLDER_PNG },
    { path: 'package.json', content: packageJson(o) },
    { path: '.gitignore', content: GITIGNORE },
    { path: o.ci.path, content: o.ci.text },
    { path: '.vscode/settings.json', content: vscodeSettings(o) },
    { path: '.vscode/extensions.json', content: VSCODE_EXTENSIONS },
  ];
}
