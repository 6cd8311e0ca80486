import type { Command } from 'commander';

export function registerRoutingCommands(program: Command): void {
  const routing = program.command('routing').description('prepare and serve the built-in router');
  routing
    .command('prepare <file>')
    .description('read an .osm.pbf extract, build the routing graph and store it in --out')
    .requiredOption('--out <dir>', 'output folder')
    .action(async () => {
      throw new Error('not yet implemented');
    });
}
