import type { Command } from 'commander';
import { TRAFFIC_PROFILES, type TrafficProfileName } from '../simulator/world/TrafficProfile';
import { DEFAULT_WORLD, type WorldConfig } from '../simulator/world/WorldConfig';
import { OptionError } from './OptionError';

/** The world flags as commander hands them over (strings until checked). */
export interface WorldFlags {
  traffic: string;
  noise: string;
  /** `--no-show-rate`: commander reads a leading `no-` as a negation and names the value after the rest. */
  showRate: string;
}

const w = DEFAULT_WORLD;
/** What the world does that has no flag of its own, for --help. */
export const WORLD_DEFAULTS_HELP = `
The simulated world (seeded by --seed; the same seed gives the same world):
  --traffic city   travel times by time of day: the 07:00-09:30 and 16:30-19:30 peaks 30-50 % slower than the
                   router's, 10-20 % during the day, free-flowing at night; none: the router's times
  --noise <sigma>  each leg's time times a log-normal factor with mean 1 and this sigma
  --no-show-rate   share of accepted riders who never come to the curb
Always on, with these defaults:
  incidents        ${w.incidents.perHour} per hour: a ${w.incidents.radiusM} m area ${w.incidents.factor}x as slow for ${w.incidents.durationS / 60} min
  dwell            ${w.dwell.baseS} s per stop + ${w.dwell.perPassengerS} s per passenger + ${w.dwell.perWheelchairS} s per wheelchair
  riders           ${100 * w.riders.lateShare} % late to the curb (up to ${w.riders.maxLateS} s after the window opens),
                   ${100 * w.riders.lateCancelShare} % cancel ${w.riders.lateCancelLeadS / 60} min before the window, ${100 * w.riders.wheelchairShare} % with a wheelchair
  drivers          a missed turn on ${100 * w.drivers.missedTurnShare} % of legs (a detour through a point ${w.drivers.detourM} m off the way)
  GPS              ${w.gps.noiseM} m of error per fix; ${100 * w.gps.dropoutShare} % of fixes start a ${w.gps.dropoutS} s dropout
The dispatcher sees only the GPS positions and the drivers' stop reports.
`;

/** Adds --traffic, --noise and --no-show-rate (the command has its own --seed), with the rest of the world in --help. */
export function addWorldOptions(command: Command): Command {
  return command
    .option('--traffic <profile>', `time-of-day traffic: ${TRAFFIC_PROFILES.join(' | ')}`, DEFAULT_WORLD.traffic)
    .option('--noise <sigma>', 'per-leg travel-time noise, log-normal sigma (0: none)', String(DEFAULT_WORLD.noiseSigma))
    .option('--no-show-rate <share>', 'share of accepted riders who do not show up, 0 to 1', String(DEFAULT_WORLD.noShowRate))
    .addHelpText('after', WORLD_DEFAULTS_HELP);
}

/** The world the flags ask for; a bad value is an OptionError (InvalidOption) naming the flag. */
export function worldFromFlags(f: WorldFlags, seed: number, utcOffsetS: number): WorldConfig {
  if (!(TRAFFIC_PROFILES as readonly string[]).includes(f.traffic)) throw new OptionError(`--traffic must be one of ${TRAFFIC_PROFILES.join(', ')}, got '${f.traffic}'`);
  const noise = Number(f.noise);
  if (f.noise.trim() === '' || !(noise >= 0 && noise <= 2)) throw new OptionError(`--noise must be a log-normal sigma from 0 to 2, got '${f.noise}'`);
  const noShowRate = Number(f.showRate);
  if (f.showRate.trim() === '' || !(noShowRate >= 0 && noShowRate <= 1)) throw new OptionError(`--no-show-rate must be a share from 0 to 1, got '${f.showRate}'`);
  return { ...DEFAULT_WORLD, seed, utcOffsetS, traffic: f.traffic as TrafficProfileName, noiseSigma: noise, noShowRate };
}
