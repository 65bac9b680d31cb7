// Leaflet's default marker icon, for every map in Lantern: each map module gets Leaflet
// through leaflet() here, never straight from window.L.
//
// Left alone, Leaflet guesses where marker-icon.png is from leaflet.css: the url() of its
// .leaflet-default-icon-path rule, or else a <link> whose href ends in "leaflet.css". Once
// Django's manifest storage has renamed both (images/marker-icon.<hash>.png,
// leaflet.<hash>.css) neither guess works, and Leaflet asks for "marker-icon.png" relative
// to the page: a 404 and a broken image for every pin. So the folder is set here, as the
// images' place next to this module in the build (scripts/build-assets.mjs copies Leaflet's
// images/ to vendor/leaflet/images/). It is resolved from this module's own URL, so it
// follows STATIC_URL wherever the static files are served from; collectstatic keeps the
// unhashed names too, which is what this URL names. img-src 'self' in the CSP allows them.
//
// Leaflet (vendor/leaflet/leaflet.js, a classic script and so global L) is loaded before the
// modules that call this.

const IMAGES = new URL("../vendor/leaflet/images/", import.meta.url).href;

export function leaflet() {
  const L = window.L;
  if (!L) return undefined;
  // Leaflet uses the static imagePath only when it is a string, and then never guesses.
  if (L.Icon.Default.imagePath !== IMAGES) {
    L.Icon.Default.imagePath = IMAGES;
    L.Icon.Default.mergeOptions({
      iconUrl: "marker-icon.png",
      iconRetinaUrl: "marker-icon-2x.png",
      shadowUrl: "marker-shadow.png",
    });
  }
  return L;
}
