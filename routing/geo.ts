import type { LngLat } from './Router';

const EARTH_RADIUS_M = 6372797.560856; // the radius OSRM uses, so distances agree with it
const DEG = Math.PI / 180;

/** Great-circle distance in metres (haversine). */
export function haversineM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * DEG;
  const dLon = (lon2 - lon1) * DEG;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * DEG) * Math.cos(lat2 * DEG) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

export function distanceM(a: LngLat, b: LngLat): number {
  return haversineM(a[0], a[1], b[0], b[1]);
}

/**
 * Local equirectangular projection to metres around a reference latitude: exact enough within a city,
 * and keeps nearest-segment searches in one linear space.
 */
export class LocalProjection {
  readonly kx: number;
  readonly ky: number;

  constructor(refLat: number) {
    this.ky = EARTH_RADIUS_M * DEG;
    this.kx = this.ky * Math.cos(refLat * DEG);
  }

  x(lon: number): number {
    return lon * this.kx;
  }

  y(lat: number): number {
    return lat * this.ky;
  }

  lon(x: number): number {
    return x / this.kx;
  }

  lat(y: number): number {
    return y / this.ky;
  }
}
