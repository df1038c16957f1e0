// Firefox ESR preferences shared by the e2e tests (test/support/firefox.ts) and the benchmark
// (bench/firefox-overhead.mjs): plain JavaScript so both can import it.

/** No network this machine does not have. */
export const QUIET_PREFS = {
  'app.update.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
};
