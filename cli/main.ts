import { Command } from 'commander';
import { commandGroups } from './commandGroups';

/** Entry point of `npx anystop ...`. Each command group lives in its own file and registers itself on the program. */
export async function main(argv: string[]): Promise<void> {
  const program = new Command();
  program.name('anystop').description('Anystop demand-responsive transit: routing, dispatch, simulation').showHelpAfterError();
  for (const register of commandGroups) register(program);
  await program.parseAsync(argv);
}
