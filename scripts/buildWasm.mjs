// Compiles the AssemblyScript cores into WebAssembly beside their sources and beside their compiled JavaScript in
// dist/ (the loaders read the .wasm next to themselves): `npm run build` and `npm ci` (prepare) run it.
import asc from 'assemblyscript/asc';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cores = ['routing/builtin/ch/wasm/upwardSearch'];

for (const core of cores) {
  const out = join(root, `${core}.wasm`);
  const { error, stderr } = await asc.main(
    [join(root, `${core}.as.ts`), '--outFile', out, '-O3', '--runtime', 'stub', '--noAssert', '--importMemory', '--initialMemory', '1'],
    {},
  );
  if (error) {
    process.stderr.write(stderr.toString());
    throw new Error(`compiling ${core}.as.ts failed: ${error.message}`);
  }
  const inDist = join(root, 'dist', `${core}.wasm`);
  mkdirSync(dirname(inDist), { recursive: true });
  copyFileSync(out, inDist);
}
