import { graphHopperError } from './graphHopperError';

describe('graphHopperError', () => {
  const url = ' - for url http://gh/route?key=s3cret';
  it.each([
    ['Cannot find point 0: 37.5,127.1', 'NoSegment'],
    ['Point 1 is out of bounds: 0.0,0.0', 'NoSegment'],
    ['Connection between locations not found', 'NoRoute'],
    ['Too many points for Routing API: 6, allowed: 5', 'TooBig'],
    ['API limit reached', 'RoutingUnavailable'],
    ['Internal server error', 'RoutingUnavailable'],
    ['Wrong credentials. Register and get a valid API key', 'RoutingUnavailable'],
    ['The requested profile \'x\' does not exist.', 'InvalidInput'],
    ['undefined', 'RoutingUnavailable'],
  ])('"%s" is %s, with the key scrubbed', (message, code) => {
    const e = graphHopperError(new Error(message + url), 'http://gh', 's3cret');
    expect(e.code).toBe(code);
    expect(e.message + String((e.cause as Error).message)).not.toContain('s3cret');
  });
});
