import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import express, { type RequestHandler } from 'express';

/**
 * web/dist, where `npm run build:web` puts the pages, found from the sources (dispatcher/api) and from
 * the compiled dist/dispatcher/api alike.
 */
export function webDistDir(): string {
  const candidates = [resolve(__dirname, '..', '..', 'web', 'dist'), resolve(__dirname, '..', '..', '..', 'web', 'dist')];
  return (
    candidates.find((dir) => existsSync(resolve(dir, 'index.html'))) ?? candidates.find((dir) => existsSync(resolve(dir, '..', 'build.mjs'))) ?? candidates[0]
  );
}

/** The built pages: / (a chooser), /rider, /driver, /planner, /operator and their bundles. */
export function staticPages(dir = webDistDir()): RequestHandler {
  return express.static(dir, { extensions: ['html'], index: 'index.html', maxAge: 0 });
}
