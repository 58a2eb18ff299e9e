/**
 * Image references of catalog objects: an http(s) URL, or a path inside the catalog folder to a file
 * that exists (links may not lead out of the folder). Anything else is a mistake with its code.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { isInside, safeRealpath } from './files.js';
import type { ImageRef } from './types.js';

const HTTP_URL = /^https?:\/\//i;

/** A reference resolved, or the diagnostic (without position: the user of the reference adds it). */
export type ImageResolution = { image: ImageRef } | { code: string; message: string; hint: string };

/** Resolves image references relative to the catalog folder, asking the disk once per distinct path. */
export class ImageResolver {
  private readonly resolved = new Map<string, ImageResolution>();
  /** `realRoot`: the catalog folder with links resolved; `shown` names a path in hints. */
  constructor(
    private readonly root: string,
    private readonly realRoot: string,
    private readonly shown: (abs: string) => string,
  ) {}

  resolve(ref: string): ImageResolution {
    // URLs need no disk and are mostly distinct (one per product image): not worth remembering.
    if (HTTP_URL.test(ref)) return { image: { kind: 'url', url: ref } };
    let resolved = this.resolved.get(ref);
    if (!resolved) {
      resolved = this.resolveImage(ref);
      this.resolved.set(ref, resolved);
    }
    return resolved;
  }

  private resolveImage(ref: string): ImageResolution {
    const escape = (why: string) => ({ code: 'image.escape', message: `image ${ref} ${why}`, hint: 'images are paths inside the catalog folder (e.g. images/a.jpg) or http(s) URLs' });
    if (/^[a-z][a-z0-9+.-]+:/i.test(ref)) {
      return { code: 'ref.image', message: `image ${ref} is neither a path nor an http(s) URL`, hint: 'use a path inside the catalog folder (e.g. images/a.jpg) or an http(s) URL' };
    }
    if (path.isAbsolute(ref) || path.win32.isAbsolute(ref)) return escape('is an absolute path');
    const normalized = path.posix.normalize(ref.replace(/\\/g, '/'));
    if (normalized === '..' || normalized.startsWith('../')) return escape('points outside the catalog folder');
    const abs = path.join(this.root, normalized);
    switch (imageFileStatus(this.realRoot, abs)) {
      case 'missing':
        return { code: 'ref.image', message: `image file ${normalized} not found in the catalog folder`, hint: `put the file at ${this.shown(abs)}, or fix the path (relative to the catalog folder)` };
      case 'outside':
        return escape('is a link to a file outside the catalog folder');
      case 'not-file':
        return { code: 'ref.image', message: `image ${normalized} is not a file`, hint: 'point to an image file' };
      default:
        return { image: { kind: 'file', path: normalized, absPath: abs } };
    }
  }
}

/** Whether a local image path is a file inside the catalog folder (links followed), or why not. */
export function imageFileStatus(realRoot: string, abs: string): 'ok' | 'missing' | 'outside' | 'not-file' {
  const real = safeRealpath(abs);
  if (real === undefined) return 'missing';
  if (!isInside(realRoot, real)) return 'outside';
  return statSync(real).isFile() ? 'ok' : 'not-file';
}

/** Whether an image path is a usable file (imageFileStatus 'ok'), asked of the disk once per path. */
export function imageFileChecker(realRoot: string): (abs: string) => boolean {
  const seen = new Map<string, boolean>();
  return (abs) => {
    let ok = seen.get(abs);
    if (ok === undefined) {
      ok = imageFileStatus(realRoot, abs) === 'ok';
      seen.set(abs, ok);
    }
    return ok;
  };
}
