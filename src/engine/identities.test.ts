import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { openState, type StateStore } from '../state/index.js';
import { recordIdentities } from './identities.js';
import { desired, fakeTarget, live, targetInput } from '../../test/helpers/engine.js';

const opened: Array<{ store: StateStore; dir: string }> = [];
afterEach(async () => {
  for (const { store, dir } of opened.splice(0)) {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
});

async function state(): Promise<StateStore> {
  const dir = await mkdtemp(join(tmpdir(), 'identities-'));
  const store = await openState(dir);
  opened.push({ store, dir });
  return store;
}

test('records what refresh observed: adopts or abandons pending creates; with dropGone, drops records of objects gone from the platform', async () => {
  const store = await state();
  const target = fakeTarget('shop');
  store.set('shop', 'Product/kept', { id: '1' });
  store.set('shop', 'Product/gone', { id: '2' });
  store.set('shop', 'Product/moved', { id: '3' }); // its id is still live, under another key
  store.set('shop', 'Image/abc', { id: 'https://img/abc.png' }); // a cache record, not a platform object
  await store.beginCreate('shop', 'Product/made');
  await store.beginCreate('shop', 'Product/never');

  const input = targetInput({
    target,
    desired: [desired('Product', 'kept'), desired('Product', 'made'), desired('Product', 'never'), desired('Product', 'new-key')],
    live: [live('Product', '1', 'kept'), live('Product', '3', 'new-key'), live('Product', '4', 'made')],
    state: { get: (ref) => store.get('shop', ref) as never, entries: () => store.entries('shop') as never, getMeta: () => ({}) },
  });
  const changes = recordIdentities(store, input, { dropGone: true });

  expect(changes).toEqual({ recorded: 1, adopted: 1, abandoned: 1, dropped: 1, managed: 3 });
  expect(store.pendingCreates('shop')).toEqual([]);
  expect(Object.fromEntries(store.entries('shop').map(([ref, rec]) => [ref, rec.id]))).toEqual({
    'Image/abc': 'https://img/abc.png',
    'Product/kept': '1',
    'Product/made': '4',
    'Product/moved': '3',
    'Product/new-key': '3',
  });
});

test('without dropGone (apply), records of objects not seen are kept', async () => {
  const store = await state();
  store.set('shop', 'Product/gone', { id: '2' });
  const input = targetInput({ target: fakeTarget('shop'), live: [], state: { get: (ref) => store.get('shop', ref) as never, entries: () => store.entries('shop') as never, getMeta: () => ({}) } });
  expect(recordIdentities(store, input, { dropGone: false }).dropped).toBe(0);
  expect(store.get('shop', 'Product/gone')).toEqual({ id: '2' });
});
