import { type ReplayAnswer, type ReplayRequest, ReplayServer } from '../../contract/replay/ReplayServer';
import type { DocumentedAnswer } from './graphHopperDocExamples';

/**
 * A local stand-in for the GraphHopper Directions API that answers each path (/route, /matrix) with the body it was
 * given, whatever the points: for tests that check how the backend maps GraphHopper's own documented answers.
 */
export class GraphHopperFixtureServer extends ReplayServer {
  private readonly answers = new Map<string, DocumentedAnswer>();

  /** Answer POST `path` with `answer` from now on. */
  serve(path: '/route' | '/matrix', answer: DocumentedAnswer): this {
    this.answers.set(path, answer);
    return this;
  }

  protected answer(req: ReplayRequest): ReplayAnswer {
    const path = new URL(req.url, 'http://fixture').pathname;
    const answer = req.method === 'POST' ? this.answers.get(path) : undefined;
    if (!answer) return { status: 404, body: { message: `Not found: ${req.method} ${path}` }, origin: 'error' };
    // a deep copy: the client rewrites the bodies it is given (decoded points, instruction points)
    return { status: answer.status, body: JSON.parse(JSON.stringify(answer.body)) as unknown, origin: answer.status === 200 ? 'recorded' : 'error' };
  }

  protected failure(): ReplayAnswer {
    return { status: 500, body: { message: 'Internal server error' }, origin: 'error' };
  }
}
