/** Headless Debian Chromium driven by playwright-core (no browser download: executablePath). */
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { chromiumPath } from './paths';

/** `home`: a folder of the run, so chromium keeps its crash reports and caches out of ~/.config and ~/.cache. */
export function launchChromium(home: string): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    env: { ...process.env, XDG_CONFIG_HOME: path.join(home, 'browser-config'), XDG_CACHE_HOME: path.join(home, 'browser-cache') },
    // without the background-networking flags chromium keeps trying Google hosts on this closed network
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
    ],
  });
}
