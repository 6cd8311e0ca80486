import type { Command } from 'commander';
import { registerDarpCommands } from './darpCommands';
import { registerRoutingCommands } from './routingCommands';
import { registerServeCommand } from './serveCommand';
import { registerSimulateCommand } from './simulateCommand';
import { registerDemoCommand } from './demoCommand';
import { registerGtfsCommands } from './gtfsCommands';
import { registerMeetingPointCommands } from './meetingPointCommands';

/** One entry per command group (`routing`, `darp`, `serve`, `simulate`, ...). */
export const commandGroups: ReadonlyArray<(program: Command) => void> = [registerRoutingCommands, registerDarpCommands, registerServeCommand, registerSimulateCommand, registerDemoCommand, registerGtfsCommands, registerMeetingPointCommands];
