/**
 * Strict readers for 闲管家 request bodies. The current API is strictly typed: an integer sent as a
 * string (e.g. product_id "219530767978565") is a parameter error, as are unknown fields (they
 * usually are a misspelt field the caller believes was applied).
 */

/** An API error: answered in the envelope `{code, msg, data: null}`. */
export class GoofishError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly httpStatus: number = 200,
  ) {
    super(message);
  }
}

/** Error codes of the simulated API (see the table in simulator.ts). */
export const CODE = {
  OK: 0,
  PATH_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  MISSING_AUTH_PARAMS: 1001,
  INVALID_APPID: 1002,
  TIMESTAMP_EXPIRED: 1003,
  INVALID_SIGN: 1004,
  INVALID_SELLER: 1005,
  INVALID_PARAM: 1100,
  INVALID_JSON: 1101,
  PAGE_LIMIT: 1102,
  PRODUCT_NOT_FOUND: 2001,
  DUPLICATE_OUTER_ID: 2002,
  INVALID_STATUS: 2003,
  SKU_REQUIRED: 2004,
  SHOP_NOT_AUTHORIZED: 2005,
  SKU_NOT_FOUND: 2006,
  CATEGORY_NOT_FOUND: 2007,
  SPEC_MISMATCH: 2008,
  PROPERTY_NOT_FOUND: 2009,
  SYSTEM_BUSY: 5000,
} as const;

export function paramError(message: string): GoofishError {
  return new GoofishError(CODE.INVALID_PARAM, `参数错误: ${message}`);
}

/** Display width: a non-ASCII (e.g. CJK) character counts 2. */
export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += (ch.codePointAt(0) ?? 0) <= 0x7f ? 1 : 2;
  return w;
}

function charCount(s: string): number {
  return [...s].length;
}

interface StrRule {
  min: number;
  max: number;
  /** "width": non-ASCII counts 2; default: characters. */
  measure?: 'width';
}

export class Fields {
  constructor(
    private readonly obj: Record<string, unknown>,
    private readonly prefix: string = '',
  ) {}

  static of(value: unknown, name: string): Fields {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw paramError(`${name} 应为对象`);
    return new Fields(value as Record<string, unknown>, `${name}.`);
  }

  private label(name: string): string {
    return `${this.prefix}${name}`;
  }

  has(name: string): boolean {
    return this.obj[name] !== undefined;
  }

  raw(name: string): unknown {
    return this.obj[name];
  }

  /** Rejects fields outside `allowed`. */
  only(allowed: readonly string[]): this {
    for (const name of Object.keys(this.obj)) {
      if (!allowed.includes(name)) throw paramError(`未知参数 ${this.label(name)}`);
    }
    return this;
  }

  int(name: string, min: number, max: number, required: true): number;
  int(name: string, min: number, max: number, required?: false): number | undefined;
  int(name: string, min: number, max: number, required = false): number | undefined {
    const v = this.obj[name];
    if (v === undefined) {
      if (required) throw paramError(`${this.label(name)} 不能为空`);
      return undefined;
    }
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw paramError(`${this.label(name)} 类型错误，应为整数`);
    if (v < min || v > max) throw paramError(`${this.label(name)} 取值范围 ${min}..${max}`);
    return v;
  }

  /** An int64 id (product_id, sku_id): a JSON number, never a string. */
  id(name: string, required: true): number;
  id(name: string, required?: false): number | undefined;
  id(name: string, required = false): number | undefined {
    const v = this.obj[name];
    if (v === undefined) {
      if (required) throw paramError(`${this.label(name)} 不能为空`);
      return undefined;
    }
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) throw paramError(`${this.label(name)} 类型错误，应为 int64`);
    return v;
  }

  str(name: string, rule: StrRule, required: true): string;
  str(name: string, rule: StrRule, required?: false): string | undefined;
  str(name: string, rule: StrRule, required = false): string | undefined {
    const v = this.obj[name];
    if (v === undefined) {
      if (required) throw paramError(`${this.label(name)} 不能为空`);
      return undefined;
    }
    if (typeof v !== 'string') throw paramError(`${this.label(name)} 类型错误，应为字符串`);
    const size = rule.measure === 'width' ? textWidth(v) : charCount(v);
    if (size < rule.min || size > rule.max) {
      const unit = rule.measure === 'width' ? '字符宽度(汉字计2)' : '字符';
      throw paramError(`${this.label(name)} 长度应为 ${rule.min}..${rule.max} ${unit}`);
    }
    return v;
  }

  /** The array `name` with minItems..maxItems items (undefined when absent and not required). */
  private array(name: string, minItems: number, maxItems: number, required: boolean): unknown[] | undefined {
    const v = this.obj[name];
    if (v === undefined) {
      if (required) throw paramError(`${this.label(name)} 不能为空`);
      return undefined;
    }
    if (!Array.isArray(v)) throw paramError(`${this.label(name)} 类型错误，应为数组`);
    if (v.length < minItems || v.length > maxItems) throw paramError(`${this.label(name)} 数量应为 ${minItems}..${maxItems}`);
    return v;
  }

  strArray(name: string, minItems: number, maxItems: number, each: (s: string, label: string) => void, required = false): string[] | undefined {
    return this.array(name, minItems, maxItems, required)?.map((item, i) => {
      const label = `${this.label(name)}[${i}]`;
      if (typeof item !== 'string') throw paramError(`${label} 类型错误，应为字符串`);
      each(item, label);
      return item;
    });
  }

  objArray(name: string, minItems: number, maxItems: number, required = false): Fields[] | undefined {
    return this.array(name, minItems, maxItems, required)?.map((item, i) => Fields.of(item, `${this.label(name)}[${i}]`));
  }
}
