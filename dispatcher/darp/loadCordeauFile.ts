import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { DarpError } from './DarpError';
import { type DarpInstance, parseCordeau } from './parseCordeau';

/** Read and parse an instance file; the instance is named after the file (a2-16.txt → a2-16). */
export function loadCordeauFile(path: string): DarpInstance {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DarpError('InstanceNotFound', `No instance file at ${path}`, { cause: e });
    throw new DarpError('InstanceUnreadable', `Cannot read ${path} (${code ?? 'error'}); give the path of a Cordeau instance file`, { cause: e });
  }
  return parseCordeau(text, basename(path).replace(/\.[^.]*$/, ''));
}
