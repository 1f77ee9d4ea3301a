import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium, headless. MapLibre needs WebGL: with the GPU disabled, Chromium falls back to SwiftShader only
 * when told that is acceptable. Background networking is off: this machine has no internet to talk to.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}
