// Types for osrm-text-instructions 0.15 (it ships none): the parts the driver console uses.

declare module 'osrm-text-instructions/languages' {
  /** One maneuver's phrasings: `default`, `name`, `destination`, `exit`, `junction_name`, ... */
  export type Phrases = Record<string, string>;
  /** A language's v5 table: constants, phrases and, per maneuver type, phrasings per modifier (rotaries nest once more). */
  export interface InstructionSet {
    meta: { capitalizeFirstLetter: boolean };
    v5: {
      constants: {
        ordinalize: Record<string, string>;
        direction: Record<string, string>;
        modifier: Record<string, string>;
        lanes: Record<string, string>;
      };
      modes: Record<string, Phrases>;
      phrase: Record<string, string>;
      [type: string]: Record<string, Phrases | Record<string, Phrases> | string | Record<string, string>>;
    };
  }
  /** Grammar cases: per case, [pattern, replacement] applied in order to ` name `. */
  export interface Grammar {
    meta: { regExpFlags: string };
    v5: Record<string, [string, string][]>;
  }
  export const supportedCodes: string[];
  export const instructions: Record<string, InstructionSet>;
  export const grammars: Record<string, Grammar>;
}

declare module 'osrm-text-instructions' {
  /** An OSRM v5 RouteStep, as far as the text needs it. */
  export interface OsrmStep {
    maneuver: { type: string; modifier?: string | undefined; bearing_after?: number | undefined; exit?: number | undefined };
    name: string;
    ref?: string;
    mode?: string;
    driving_side?: 'left' | 'right';
    destinations?: string;
    exits?: string;
    rotary_name?: string;
    junction_name?: string;
    intersections?: unknown[];
  }
  export interface CompileOptions {
    legCount?: number;
    legIndex?: number;
    waypointName?: string;
    formatToken?: (token: string, value: string) => string;
  }
  export interface TextInstructions {
    compile(language: string, step: OsrmStep, options?: CompileOptions): string;
    tokenize(language: string, instruction: string, tokens: Record<string, string>, options?: CompileOptions): string;
    getWayName(language: string, step: OsrmStep, options?: CompileOptions): string;
    capitalizeFirstLetter(language: string, text: string): string;
  }
  function osrmTextInstructions(version: 'v5'): TextInstructions;
  export = osrmTextInstructions;
}
