export const TEST_APP_ID = 'wx0000000000000001';
export const TEST_SECRET = 'test-secret-0123456789abcdef';
export const TEST_BASE_URL = 'http://127.0.0.1:9999/acct';
export class TestClock {
    ms;
    constructor(ms = Date.UTC(2025, 0, 1, 4)) {
        this.ms = ms;
    } // 12:00 in Shanghai
    now() {
        return this.ms;
    }
    advance(ms) {
        this.ms += ms;
    }
}
export function request(method, path, opts = {}) {
    const body = opts.body ?? (opts.json === undefined ? new Uint8Array() : new TextEncoder().encode(JSON.stringify(opts.json)));
    const headers = new Headers(opts.headers ?? (opts.json === undefined ? {} : { 'content-type': 'application/json' }));
    return { method, path, query: new URLSearchParams(opts.query ?? {}), headers, body, text: new TextDecoder().decode(body) };
}
export function testAccount(sim, opts = {}) {
    const clock = new TestClock();
    let token = '';
    const account = {
        ctx: {
            state: sim.initialState(opts.seed ?? false),
            changed: () => {
                account.changes += 1;
            },
            clock,
            credentials: opts.credentials ?? { appId: TEST_APP_ID, secret: TEST_SECRET },
            options: opts.options ?? {},
            baseUrl: TEST_BASE_URL,
        },
        changes: 0,
        async raw(req) {
            // Round-trip through JSON like the persisted state, so nothing relies on non-JSON values.
            account.ctx.state = JSON.parse(JSON.stringify(account.ctx.state));
            return sim.handle(req, account.ctx);
        },
        async call(method, path, o) {
            const res = await account.raw(request(method, path, o));
            if (res.status !== 200 && res.status !== 404)
                throw new Error(`unexpected HTTP ${res.status}`);
            return res.body;
        },
        async login() {
            const r = await account.call('GET', '/cgi-bin/token', { query: { grant_type: 'client_credential', appid: TEST_APP_ID, secret: TEST_SECRET } });
            token = String(r['access_token']);
            return token;
        },
        api(method, path, o = {}) {
            return account.call(method, path, { ...o, query: { access_token: token, ...(o.query ?? {}) } });
        },
    };
    return account;
}
/** A PNG header (signature + IHDR) of the given size: enough for the dimension check. */
export function pngBytes(width, height, padTo = 0) {
    const head = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
    const bytes = new Uint8Array(Math.max(head.length + 17, padTo));
    bytes.set(head);
    const view = new DataView(bytes.buffer);
    view.setUint32(16, width);
    view.setUint32(20, height);
    bytes.set([8, 2, 0, 0, 0], 24);
    return bytes;
}
/** A JPEG with an APP0 segment and a baseline frame header of the given size. */
export function jpegBytes(width, height) {
    const app0 = [0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];
    const sof = [0xff, 0xc0, 0, 17, 8, height >> 8, height & 0xff, width >> 8, width & 0xff, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
    return new Uint8Array([0xff, 0xd8, ...app0, ...sof, 0xff, 0xd9]);
}
/** A multipart/form-data body with one file part. */
export async function multipart(field, bytes, filename = 'cover.png') {
    const form = new FormData();
    form.append(field, new Blob([bytes]), filename);
    const req = new Request('http://x/', { method: 'POST', body: form });
    return { body: new Uint8Array(await req.arrayBuffer()), headers: { 'content-type': req.headers.get('content-type') } };
}
//# sourceMappingURL=wechat-sandbox.js.map