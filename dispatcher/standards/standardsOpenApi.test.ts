import { openApiDocument } from '../api/openApiDocument';
import { ACCESS_RULES, PUBLIC_ROUTES } from '../auth/accessTable';

type Operation = { security: unknown[]; 'x-anystop-access'?: Record<string, string> };
const doc = openApiDocument() as { paths: Record<string, Record<string, Operation>> };
const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ id: `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`, op })));

test('every TOMP route is in the OpenAPI document with a bearer token, for the maas role, as the access table says', () => {
  const tomp = ACCESS_RULES.filter((r) => r.id.includes(' /tomp/'));
  expect(tomp).toHaveLength(8);
  for (const rule of tomp) {
    const found = operations.find((o) => o.id === rule.id);
    expect({ id: rule.id, security: found?.op.security, access: found?.op['x-anystop-access'] }).toEqual({ id: rule.id, security: [{ bearer: [] }], access: rule.roles });
  }
});

test('the GTFS-Flex, GOFS and GTFS-Realtime feeds are in the document as public routes, and listed as public in the access table', () => {
  const feeds = ['GET /gtfs/flex.zip', 'GET /gofs/gofs.json', 'GET /gofs/:file', 'GET /gofs/wait_time', 'GET /gofs/realtime_booking', 'GET /gtfs-rt/vehicle-positions', 'GET /gtfs-rt/trip-updates'];
  for (const id of feeds) expect({ id, security: operations.find((o) => o.id === id)?.op.security }).toEqual({ id, security: [] });
  const publicText = PUBLIC_ROUTES.map((r) => r.id).join(' ');
  for (const prefix of ['/gtfs/flex.zip', '/gofs/', '/gtfs-rt/vehicle-positions', '/gtfs-rt/trip-updates']) expect(publicText).toContain(prefix);
});
