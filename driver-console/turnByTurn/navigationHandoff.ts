import type { ManifestStop } from '../../protocol/realtime';

export type NavigationApp = 'geo' | 'google' | 'kakao' | 'naver';

/**
 * Links that hand the way to the next stop to a navigation app on the phone or tablet, driving, to the stop's
 * point: `geo:` opens the device's default app (Android), Google Maps and the Korean apps by their documented
 * web links, which open the app where it is installed and the web map elsewhere.
 * - Google Maps URLs: https://www.google.com/maps/dir/?api=1&destination=lat,lng&travelmode=driving
 * - Kakao Map: https://map.kakao.com/link/to/name,lat,lng
 * - Naver Map: nmap://route/car?dlat=&dlng=&dname=&appname= (the app's URL scheme; appname is the calling page's URL)
 */
export function navigationLinks(stop: ManifestStop, label: string, appName: string): { app: NavigationApp; href: string }[] {
  const [lon, lat] = stop.location;
  const name = encodeURIComponent(label);
  return [
    { app: 'geo', href: `geo:${lat},${lon}?q=${lat},${lon}` },
    { app: 'google', href: `https://www.google.com/maps/dir/?api=1&destination=${lat},${lon}&travelmode=driving` },
    { app: 'kakao', href: `https://map.kakao.com/link/to/${name},${lat},${lon}` },
    { app: 'naver', href: `nmap://route/car?dlat=${lat}&dlng=${lon}&dname=${name}&appname=${encodeURIComponent(appName)}` },
  ];
}
